from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckKind(models.TextChoices):
    HTTP = "http", _("HTTP(S)")
    TCP = "tcp", _("TCP connect")
    SQL = "sql", _("SQL query")
    HL7_MLLP = "hl7_mllp", _("HL7 v2 over MLLP")
    BACKUP_FRESHNESS = "backup_freshness", _("Backup freshness")


class Engine(models.TextChoices):
    """Databases a data source may be; each but PostgreSQL needs its optional driver."""

    POSTGRESQL = "postgresql", "PostgreSQL"
    MYSQL = "mysql", "MySQL / MariaDB"
    ORACLE = "oracle", "Oracle"
    SQLSERVER = "sqlserver", "SQL Server"
