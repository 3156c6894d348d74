"""Reading and writing the catalog spreadsheet (.xlsx/.csv) in the columns a hospital uses.

The import is all-or-nothing: every row is parsed and checked first, and if any row has
an error nothing is written and the caller gets a row-by-row report. Re-importing the same
file updates the same items: an item is keyed by its 编码, or, when a row has none, by
(类别, 所属系统, 名称), from which a stable code is derived.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .choices import (
    Criticality,
    DatabaseEngine,
    DatabaseRole,
    Direction,
    Environment,
    ItemKind,
    Protocol,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("row_no", "序号", ("no", "#")),
    Column("kind", "类别", ("kind", "类型")),
    Column("code", "编码", ("code", "编号")),
    Column("name", "名称", ("name", "模块", "系统名称", "产品模块")),
    Column("parent", "所属系统", ("parent", "系统", "上级", "运维产品")),
    Column("vendor", "厂商", ("vendor", "供应商")),
    Column("vendor_kind", "厂商类型", ("vendor_kind",)),
    Column("version", "版本", ("version",)),
    Column("criticality", "重要程度", ("criticality", "重要性")),
    Column("departments", "使用科室", ("departments", "科室")),
    Column("environment", "环境", ("environment",)),
    Column("protocol", "接口协议", ("protocol", "协议")),
    Column("direction", "数据方向", ("direction", "方向")),
    Column("source", "源系统", ("source",)),
    Column("target", "目标系统", ("target",)),
    Column("external_party", "外部机构", ("external_party", "对接方")),
    Column("policy_driven", "政策性接口", ("policy_driven",)),
    Column("db_engine", "数据库类型", ("db_engine",)),
    Column("db_role", "数据库角色", ("db_role",)),
    Column("runs_on", "运行于", ("runs_on", "部署于")),
    Column("depends_on", "依赖", ("depends_on", "依赖于")),
    Column("host", "地址", ("host", "IP", "主机")),
    Column("location", "位置", ("location", "机房")),
    Column("notes", "备注", ("notes", "说明")),
    Column("aliases", "常用叫法", ("aliases", "别名", "俗称")),
)
HEADERS = {c.key: c.header for c in COLUMNS}


def _labels(*pairs) -> dict[str, str]:
    return {label.lower(): value for value, labels in pairs for label in labels}


# Chinese words a hospital writes, and our stored values (which are accepted too).
KIND_WORDS = _labels(
    (ItemKind.SYSTEM, ("system", "系统", "业务系统", "应用系统")),
    (ItemKind.MODULE, ("module", "模块", "功能模块", "子系统")),
    (ItemKind.INTERFACE, ("interface", "接口")),
    (ItemKind.SERVER, ("server", "服务器", "主机")),
    (ItemKind.DATABASE, ("database", "数据库")),
    (ItemKind.NETWORK, ("network", "网络设备", "网络")),
    (ItemKind.STORAGE, ("storage", "存储", "存储设备")),
)
CRITICALITY_WORDS = _labels(
    (Criticality.CORE, ("core", "核心", "高")),
    (Criticality.IMPORTANT, ("important", "重要", "中")),
    (Criticality.GENERAL, ("general", "一般", "低")),
)
ENVIRONMENT_WORDS = _labels(
    (Environment.PRODUCTION, ("production", "生产", "正式")),
    (Environment.DISASTER_RECOVERY, ("dr", "灾备", "容灾")),
    (Environment.TEST, ("test", "测试")),
    (Environment.DEVELOPMENT, ("development", "开发")),
)
PROTOCOL_WORDS = _labels(
    (Protocol.HL7V2, ("hl7v2", "hl7 v2", "hl7", "hl7v2.x")),
    (Protocol.FHIR, ("fhir",)),
    (Protocol.WEBSERVICE, ("webservice", "web service", "soap", "ws")),
    (Protocol.DB_VIEW, ("db_view", "视图", "数据库视图", "db view")),
    (Protocol.FILE, ("file", "文件")),
    (Protocol.HTTP_API, ("http_api", "http", "https", "rest", "http api", "api")),
    (Protocol.OTHER, ("other", "其他")),
)
DIRECTION_WORDS = _labels(
    (Direction.OUTBOUND, ("outbound", "单向", "源→目标", "源->目标", "推送")),
    (Direction.INBOUND, ("inbound", "目标→源", "目标->源", "拉取")),
    (Direction.BIDIRECTIONAL, ("bidirectional", "双向")),
)
DB_ENGINE_WORDS = _labels(
    (DatabaseEngine.ORACLE, ("oracle",)),
    (DatabaseEngine.SQLSERVER, ("sqlserver", "sql server", "mssql")),
    (DatabaseEngine.MYSQL, ("mysql",)),
    (DatabaseEngine.POSTGRESQL, ("postgresql", "postgres", "pg")),
    (DatabaseEngine.DAMENG, ("dameng", "达梦", "dm")),
    (DatabaseEngine.KINGBASE, ("kingbase", "人大金仓", "金仓")),
    (DatabaseEngine.OTHER, ("other", "其他")),
)
DB_ROLE_WORDS = _labels(
    (DatabaseRole.PRIMARY, ("primary", "主库", "生产库")),
    (DatabaseRole.ADG_STANDBY, ("adg_standby", "adg", "adg备库", "备库")),
    (DatabaseRole.OGG_REPLICA, ("ogg_replica", "ogg", "ogg复制库", "复制库")),
    (DatabaseRole.OTHER, ("other", "其他")),
)
VENDOR_KIND_WORDS = {
    "原厂": "original",
    "original": "original",
    "第三方": "third_party",
    "third_party": "third_party",
}
YES_WORDS = {"是", "y", "yes", "true", "1", "√"}
NO_WORDS = {"否", "n", "no", "false", "0", ""}
KIND_PREFIX = {
    ItemKind.SYSTEM: "SYS",
    ItemKind.MODULE: "MOD",
    ItemKind.INTERFACE: "IF",
    ItemKind.SERVER: "SRV",
    ItemKind.DATABASE: "DB",
    ItemKind.NETWORK: "NET",
    ItemKind.STORAGE: "STO",
}
LIST_SPLIT = re.compile(r"[、,，;；/\n]+")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


class FileUnreadable(Exception):
    pass


@dataclass
class Row:
    number: int
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    parsed: dict = field(default_factory=dict)

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(HEADERS.get(key, key), []).append(message)


def derived_code(kind: str, parent_ref: str, name: str) -> str:
    digest = hashlib.sha1(f"{kind}|{parent_ref}|{name}".encode()).hexdigest()[:10].upper()
    return f"{KIND_PREFIX[kind]}-{digest}"


def read_rows(file_name: str, content: bytes) -> list[Row]:
    """Rows of the first sheet (or the CSV) as ``{column key: text}``, numbered as in Excel."""
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        table = _xlsx_table(content)
    elif lower.endswith(".csv"):
        table = _csv_table(content)
    else:
        raise FileUnreadable(_("Only .xlsx and .csv files can be imported."))
    if not table:
        raise FileUnreadable(_("The file is empty."))
    header_index = _header_row(table)
    headers = table[header_index]
    keys = []
    unknown = []
    lookup = {}
    for column in COLUMNS:
        for word in (column.header, column.key, *column.aliases):
            lookup.setdefault(word.strip().lower(), column.key)
    for header in headers:
        text = (header or "").strip()
        key = lookup.get(text.lower())
        if text and key is None:
            unknown.append(text)
        keys.append(key)
    if "name" not in keys or "kind" not in keys:
        raise FileUnreadable(
            _("The header row must have the columns %(name)s and %(kind)s.")
            % {"name": HEADERS["name"], "kind": HEADERS["kind"]}
        )
    rows = []
    for offset, cells in enumerate(table[header_index + 1 :], start=header_index + 2):
        values = {}
        for key, cell in zip(keys, cells, strict=False):
            if key:
                values[key] = (cell or "").strip()
        if any(v for k, v in values.items() if k != "row_no"):
            rows.append(Row(number=offset, values=values))
    if not rows:
        raise FileUnreadable(_("The file has a header but no data rows."))
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_table(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise FileUnreadable(_("The file is not a readable .xlsx workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_table(content: bytes) -> list[list[str]]:
    # Excel in China saves CSV as GBK; everything else as UTF-8 (with or without BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileUnreadable(_("The CSV file is neither UTF-8 nor GBK encoded."))
    return [list(r) for r in csv.reader(io.StringIO(text))]


def _header_row(table: list[list[str]]) -> int:
    """The first row naming a known column (a title row above the header is allowed)."""
    known = {c.header for c in COLUMNS} | {c.key for c in COLUMNS}
    for index, cells in enumerate(table[:10]):
        if sum(1 for c in cells if (c or "").strip() in known) >= 2:
            return index
    return 0


def parse_choice(row: Row, key: str, words: dict[str, str], *, required=False, default=""):
    text = row.values.get(key, "")
    if not text:
        if required:
            row.error(key, _("This column is required."))
        return default
    value = words.get(text.strip().lower())
    if value is None:
        choices = "、".join(dict.fromkeys(_word(words, stored) for stored in words.values()))
        row.error(
            key,
            _("Unknown value “%(value)s”. Use one of: %(choices)s.")
            % {"value": text, "choices": choices},
        )
        return default
    return value


def parse_row(row: Row) -> None:
    """Field-level checks of one row; cross-row references are checked by the service."""
    v = row.values
    p = row.parsed
    p["kind"] = parse_choice(row, "kind", KIND_WORDS, required=True)
    p["name"] = v.get("name", "")
    if not p["name"]:
        row.error("name", _("This column is required."))
    elif len(p["name"]) > 200:
        row.error("name", _("At most 200 characters."))
    p["code"] = v.get("code", "")
    if p["code"] and (len(p["code"]) > 64 or not CODE_RE.match(p["code"])):
        row.error("code", _("Use letters, digits, '-', '_' or '.', at most 64 characters."))
    p["parent"] = v.get("parent", "")
    p["vendor"] = v.get("vendor", "")
    p["vendor_kind"] = parse_choice(row, "vendor_kind", VENDOR_KIND_WORDS, default="third_party")
    p["version"] = v.get("version", "")[:64]
    p["criticality"] = parse_choice(
        row, "criticality", CRITICALITY_WORDS, default=Criticality.GENERAL
    )
    p["environment"] = parse_choice(
        row, "environment", ENVIRONMENT_WORDS, default=Environment.PRODUCTION
    )
    p["departments"] = [d.strip() for d in LIST_SPLIT.split(v.get("departments", "")) if d.strip()]
    p["protocol"] = parse_choice(row, "protocol", PROTOCOL_WORDS)
    p["direction"] = parse_choice(row, "direction", DIRECTION_WORDS)
    p["source"] = v.get("source", "")
    p["target"] = v.get("target", "")
    p["external_party"] = v.get("external_party", "")[:200]
    flag = v.get("policy_driven", "").strip().lower()
    if flag in YES_WORDS:
        p["policy_driven"] = True
    elif flag in NO_WORDS:
        p["policy_driven"] = False
    else:
        row.error("policy_driven", _("Write 是 or 否."))
        p["policy_driven"] = False
    p["db_engine"] = parse_choice(row, "db_engine", DB_ENGINE_WORDS)
    p["db_role"] = parse_choice(row, "db_role", DB_ROLE_WORDS)
    for key in ("runs_on", "depends_on"):
        p[key] = [t.strip() for t in LIST_SPLIT.split(v.get(key, "")) if t.strip()]
    p["host"] = v.get("host", "")[:200]
    p["location"] = v.get("location", "")[:200]
    p["notes"] = v.get("notes", "")
    p["aliases"] = v.get("aliases", "")[:200]
    if p["kind"] and p["kind"] != ItemKind.INTERFACE:
        for key in ("protocol", "direction", "source", "target", "external_party"):
            if v.get(key):
                row.error(key, _("Only interfaces have this column."))
    if p["kind"] and p["kind"] != ItemKind.DATABASE:
        for key in ("db_engine", "db_role"):
            if v.get(key):
                row.error(key, _("Only databases have this column."))


def _word(words: dict[str, str], value: str, display: str = "") -> str:
    """The Chinese word a hospital writes for a stored value (what the import reads back)."""
    if not value:
        return ""
    for word, stored in words.items():
        if stored == value and not word.isascii():
            return word
    return display or value


def export_rows(items) -> list[list[str]]:
    """One spreadsheet row per item, in the import's columns and words.

    ``items`` must prefetch ``departments`` and ``relations_out__target``.
    """
    rows = []
    for number, item in enumerate(items, start=1):
        vendor = item.vendor
        targets = {"runs_on": [], "depends_on": []}
        for relation in item.relations_out.all():
            if relation.kind in targets:
                targets[relation.kind].append(relation.target.code)
        rows.append(
            [
                str(number),
                _word(KIND_WORDS, item.kind),
                item.code,
                item.name,
                item.parent.code if item.parent_id else "",
                vendor.name if vendor else "",
                _word(VENDOR_KIND_WORDS, vendor.kind) if vendor else "",
                item.version,
                _word(CRITICALITY_WORDS, item.criticality),
                "、".join(d.name for d in item.departments.all()),
                _word(ENVIRONMENT_WORDS, item.environment),
                _word(PROTOCOL_WORDS, item.protocol, dict(Protocol.choices).get(item.protocol, "")),
                _word(DIRECTION_WORDS, item.direction),
                item.source.code if item.source_id else "",
                item.target.code if item.target_id else "",
                item.external_party,
                ("是" if item.policy_driven else "否") if item.kind == ItemKind.INTERFACE else "",
                _word(
                    DB_ENGINE_WORDS,
                    item.db_engine,
                    dict(DatabaseEngine.choices).get(item.db_engine, ""),
                ),
                _word(DB_ROLE_WORDS, item.db_role),
                "、".join(sorted(targets["runs_on"])),
                "、".join(sorted(targets["depends_on"])),
                item.host,
                item.location,
                item.notes,
                item.aliases,
            ]
        )
    return rows


def write_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "CMDB"
    sheet.append([c.header for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        # Control characters are illegal in .xlsx XML; one pasted into a name must not
        # make the whole export fail.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
    widths = {"name": 28, "parent": 16, "vendor": 20, "departments": 24, "notes": 30, "code": 16}
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = widths.get(
            column.key, 11
        )
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
