import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from hisops.accounts.models import Department, Vendor
from hisops.audit.models import AuditEvent
from hisops.catalog import services
from hisops.catalog.models import Item, Relation
from hisops.catalog.services import ImportInvalid
from hisops.core.capabilities import Role

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "类别",
    "编码",
    "名称",
    "所属系统",
    "厂商",
    "版本",
    "重要程度",
    "使用科室",
    "源系统",
    "目标系统",
    "依赖",
]


def as_csv(rows, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


GOOD = [
    ["1", "系统", "HIS", "HIS", "", "康联软件", "V5", "核心", "门诊部、住院部", "", "", "DB"],
    ["2", "模块", "", "住院护士工作站", "HIS", "康联软件", "V5", "核心", "住院部", "", "", ""],
    ["3", "系统", "LIS", "实验室信息系统", "", "", "", "重要", "检验科", "", "", ""],
    ["4", "接口", "IF-HIS-LIS", "HIS-LIS接口", "", "康联软件", "", "重要", "", "HIS", "LIS", ""],
    ["5", "数据库", "DB", "HIS主库", "", "", "19c", "核心", "", "", "", ""],
]


def run(actor, hospital, content, name="catalog.csv", **kwargs):
    return services.catalog_import(
        actor=actor, hospital=hospital, file_name=name, content=content, **kwargs
    )


def test_good_file_creates_items_references_vendors_and_departments(it_admin, hospital):
    result = run(it_admin, hospital, as_csv(GOOD))
    assert (result.created, result.updated, result.unchanged) == (5, 0, 0)
    assert result.vendors_created == ["康联软件"]
    assert result.departments_created == ["住院部", "检验科", "门诊部"]
    nurse = Item.objects.get(name="住院护士工作站")
    assert nurse.parent.code == "HIS" and nurse.kind == "module"
    assert nurse.code.startswith("MOD-")
    iface = Item.objects.get(code="IF-HIS-LIS")
    assert (iface.source.code, iface.target.code) == ("HIS", "LIS")
    assert set(Item.objects.get(code="HIS").departments.values_list("name", flat=True)) == {
        "门诊部",
        "住院部",
    }
    assert Relation.objects.filter(
        source__code="HIS", target__code="DB", kind="depends_on"
    ).exists()
    assert AuditEvent.objects.filter(action="catalog.import").count() == 1


def test_reimporting_the_same_file_updates_instead_of_duplicating(it_admin, hospital):
    run(it_admin, hospital, as_csv(GOOD))
    result = run(it_admin, hospital, as_csv(GOOD))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert Item.objects.count() == 5
    assert Relation.objects.count() == 1
    changed = [row[:] for row in GOOD]
    changed[1][6] = "V6"
    result = run(it_admin, hospital, as_csv(changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 4)
    assert Item.objects.get(name="住院护士工作站").version == "V6"


def test_a_file_with_bad_rows_writes_nothing_and_reports_each_row(it_admin, hospital):
    rows = [
        *GOOD,
        ["6", "飞船", "X1", "不知道是什么", "", "", "", "", "", "", "", ""],
        ["7", "模块", "X2", "", "HIS", "", "", "", "", "", "", ""],
        ["8", "模块", "X3", "门诊医生工作站", "不存在的系统", "", "", "超级重要", "", "", "", ""],
    ]
    with pytest.raises(ImportInvalid) as err:
        run(it_admin, hospital, as_csv(rows))
    report = {r["row"]: r["errors"] for r in err.value.extra["rows"]}
    assert set(report) == {7, 8, 9}  # Excel row numbers: the header is row 1
    assert "类别" in report[7]
    assert "名称" in report[8]
    assert set(report[9]) == {"所属系统", "重要程度"}
    assert "不存在的系统" in report[9]["所属系统"][0]
    assert err.value.code == "import_invalid"
    assert Item.objects.count() == 0
    assert Vendor.objects.count() == 0
    assert Department.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_dry_run_checks_and_writes_nothing(it_admin, hospital):
    result = run(it_admin, hospital, as_csv(GOOD), dry_run=True)
    assert result.dry_run and result.created == 5
    assert Item.objects.count() == 0
    assert not AuditEvent.objects.exists()


def test_gbk_csv_from_excel_is_read(it_admin, hospital):
    result = run(it_admin, hospital, as_csv(GOOD, encoding="gb18030"))
    assert result.created == 5
    assert Item.objects.filter(name="实验室信息系统").exists()


def test_parent_may_come_later_in_the_file(it_admin, hospital):
    rows = [GOOD[1], GOOD[0], *GOOD[2:]]
    assert run(it_admin, hospital, as_csv(rows)).created == 5
    assert Item.objects.get(name="住院护士工作站").parent.code == "HIS"


def test_parent_loop_inside_the_file_is_refused(it_admin, hospital):
    rows = [
        ["1", "系统", "A", "甲", "B", "", "", "", "", "", "", ""],
        ["2", "系统", "B", "乙", "A", "", "", "", "", "", "", ""],
    ]
    with pytest.raises(ImportInvalid) as err:
        run(it_admin, hospital, as_csv(rows))
    assert {r["row"] for r in err.value.extra["rows"]} == {2, 3}
    assert not Item.objects.exists()


def test_the_same_item_twice_in_a_file_is_refused(it_admin, hospital):
    with pytest.raises(ImportInvalid) as err:
        run(it_admin, hospital, as_csv([GOOD[2], GOOD[2]]))
    assert [r["row"] for r in err.value.extra["rows"]] == [3]


def test_engineers_cannot_invent_vendors_through_an_import(make_user, hospital):
    engineer = make_user(Role.IT_ENGINEER)
    with pytest.raises(ImportInvalid) as err:
        run(engineer, hospital, as_csv(GOOD))
    assert all("厂商" in r["errors"] or "使用科室" in r["errors"] for r in err.value.extra["rows"])
    assert not Item.objects.exists()


def test_clinicians_cannot_import(make_user, hospital):
    from hisops.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(make_user(Role.CLINICIAN), hospital, as_csv(GOOD))


def test_unreadable_files_are_refused_clearly(it_admin, hospital):
    with pytest.raises(ImportInvalid) as err:
        run(it_admin, hospital, b"hello", name="catalog.txt")
    assert "file" in err.value.fields
    with pytest.raises(ImportInvalid):
        run(it_admin, hospital, b"PK\x03\x04broken", name="catalog.xlsx")
    with pytest.raises(ImportInvalid):
        run(it_admin, hospital, as_csv([], header=["甲", "乙"]))


def test_export_then_import_round_trips_unchanged(it_admin, hospital):
    from hisops.catalog.selectors import item_list

    run(it_admin, hospital, as_csv(GOOD))
    content = services.catalog_export(actor=it_admin, items=item_list(user=it_admin))
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.cell(1, 2).value == "类别"
    assert sheet.max_row == 6
    result = run(it_admin, hospital, content, name="catalog.xlsx")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)


def test_shipped_example_file_imports(it_admin, hospital):
    from hisops.catalog.views import EXAMPLE_FILE

    result = run(it_admin, hospital, EXAMPLE_FILE.read_bytes())
    assert result.created == 9
    assert Item.objects.get(code="DB-HIS-ADG").db_role == "adg_standby"
    assert Item.objects.get(code="IF-YB-EVOUCHER").policy_driven is True


def test_api_import_reports_rows_and_writes_nothing(api, it_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = as_csv([*GOOD, ["6", "飞船", "X", "X", "", "", "", "", "", "", "", ""]])
    response = api(it_admin).post(
        "/api/v1/catalog/import/", {"file": SimpleUploadedFile("c.csv", bad)}, format="multipart"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_invalid"
    assert body["rows"] == [{"row": 7, "errors": {"类别": [body["rows"][0]["errors"]["类别"][0]]}}]
    assert not Item.objects.exists()

    response = api(it_admin).post(
        "/api/v1/catalog/import/",
        {"file": SimpleUploadedFile("c.csv", as_csv(GOOD))},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json()["created"] == 5


def test_api_export_is_xlsx(api, it_admin, hospital):
    run(it_admin, hospital, as_csv(GOOD))
    response = api(it_admin).get("/api/v1/catalog/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 6


def test_cli_import_fails_with_a_row_report(hospital, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(as_csv([["1", "飞船", "X", "X", "", "", "", "", "", "", "", ""]]))
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("importdata", "catalog", str(path), "--hospital", hospital.code)
    assert "第 2 行，类别" in capsys.readouterr().err
    assert not Item.objects.exists()


def test_cli_import_and_dry_run(hospital, tmp_path, capsys):
    path = tmp_path / "good.csv"
    path.write_bytes(as_csv(GOOD))
    call_command("importdata", "catalog", str(path), "--dry-run")
    assert not Item.objects.exists()
    call_command("importdata", "catalog", str(path))
    assert Item.objects.count() == 5
    assert "5 new" in capsys.readouterr().out
