"""Reading a hospital's own databases (HIS, EMPI, the integration platform's) for SQL
checks and data-quality rules: one query, its first value, inside a read-only transaction
that is always rolled back, so a check can never write. PostgreSQL's driver ships with
HISOps; MySQL/MariaDB, Oracle and SQL Server drivers are optional extras
(``pip install 'hisops[mysql]'``, ``[oracle]``, ``[sqlserver]``)."""

from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext as _

from .choices import Engine
from .probes import ProbeError

SCHEMES = {
    Engine.POSTGRESQL: {"postgresql", "postgres"},
    Engine.MYSQL: {"mysql", "mariadb"},
    Engine.ORACLE: {"oracle"},
    Engine.SQLSERVER: {"mssql", "sqlserver"},
}
EXTRAS = {Engine.MYSQL: "mysql", Engine.ORACLE: "oracle", Engine.SQLSERVER: "sqlserver"}
DEFAULT_PORTS = {Engine.MYSQL: 3306, Engine.ORACLE: 1521, Engine.SQLSERVER: 1433}


def url_errors(engine: str, url: str) -> list[str]:
    """What is wrong with a connection address for ``engine`` (empty when it parses)."""
    parts = urlsplit(url.strip())
    if engine not in SCHEMES:
        return [_("Choose one of: %s.") % ", ".join(SCHEMES)]
    if parts.scheme not in SCHEMES[engine] or not parts.hostname:
        example = f"{sorted(SCHEMES[engine])[-1]}://user:password@host:port/name"
        return [_("Write the address as %s.") % example]
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return [_("The port is not a number.")]
    return []


def _parts(url: str) -> dict:
    parts = urlsplit(url)
    return {"host": parts.hostname, "port": parts.port, "user": unquote(parts.username or ""),
            "password": unquote(parts.password or ""), "name": parts.path.lstrip("/")}  # fmt: skip


def _driver(engine: str):
    try:
        if engine == Engine.MYSQL:
            import pymysql

            return pymysql
        if engine == Engine.ORACLE:
            import oracledb

            return oracledb
        if engine == Engine.SQLSERVER:
            import pymssql

            return pymssql
    except ImportError as exc:
        raise ProbeError(
            _("The driver for this database is not installed: pip install 'hisops[%s]'.")
            % EXTRAS[engine]
        ) from exc
    import psycopg

    return psycopg


def first_value(source, query: str, *, timeout: float):
    """The first column of the first row of ``query`` on ``source``, read-only."""
    engine, url = source.engine, source.url
    driver = _driver(engine)
    p = _parts(url)
    seconds = max(1, int(timeout))
    if engine == Engine.POSTGRESQL:
        connection = driver.connect(url, connect_timeout=seconds, autocommit=False,
                                    options=f"-c statement_timeout={seconds * 1000} "
                                            "-c default_transaction_read_only=on")  # fmt: skip
        begin = "SET TRANSACTION READ ONLY"
    elif engine == Engine.MYSQL:
        connection = driver.connect(host=p["host"], port=p["port"] or DEFAULT_PORTS[engine], user=p["user"],
                                    password=p["password"], database=p["name"], connect_timeout=seconds,
                                    read_timeout=seconds)  # fmt: skip
        begin = "START TRANSACTION READ ONLY"
    elif engine == Engine.ORACLE:
        connection = driver.connect(user=p["user"], password=p["password"],
                                    dsn=f"{p['host']}:{p['port'] or DEFAULT_PORTS[engine]}/{p['name']}",
                                    tcp_connect_timeout=seconds)  # fmt: skip
        connection.call_timeout = seconds * 1000
        begin = "SET TRANSACTION READ ONLY"
    else:  # SQL Server has no read-only transaction: the rollback and a read-only login guard it
        connection = driver.connect(server=p["host"], port=p["port"] or DEFAULT_PORTS[engine], user=p["user"],
                                    password=p["password"], database=p["name"], login_timeout=seconds,
                                    timeout=seconds)  # fmt: skip
        begin = ""
    try:
        cursor = connection.cursor()
        if begin:
            cursor.execute(begin)
        cursor.execute(query)
        row = cursor.fetchone()
        if row is None:
            raise ProbeError(_("the query returned no row"))
        return row[0]
    finally:
        try:
            connection.rollback()
        finally:
            connection.close()
