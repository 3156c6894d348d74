from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    SYSTEM = "system", _("Business system")
    MODULE = "module", _("Module")
    INTERFACE = "interface", _("Interface")
    SERVER = "server", _("Server")
    DATABASE = "database", _("Database")
    NETWORK = "network", _("Network device")
    STORAGE = "storage", _("Storage")


class Criticality(models.TextChoices):
    CORE = "core", _("Core")
    IMPORTANT = "important", _("Important")
    GENERAL = "general", _("General")


class Environment(models.TextChoices):
    PRODUCTION = "production", _("Production")
    DISASTER_RECOVERY = "dr", _("Disaster recovery")
    TEST = "test", _("Test")
    DEVELOPMENT = "development", _("Development")


class Protocol(models.TextChoices):
    HL7V2 = "hl7v2", "HL7 v2"
    FHIR = "fhir", "FHIR"
    WEBSERVICE = "webservice", "WebService"
    DB_VIEW = "db_view", _("Database view")
    FILE = "file", _("File")
    HTTP_API = "http_api", "HTTP API"
    OTHER = "other", _("Other")


class Direction(models.TextChoices):
    OUTBOUND = "outbound", _("Source to target")
    INBOUND = "inbound", _("Target to source")
    BIDIRECTIONAL = "bidirectional", _("Both ways")


class DatabaseEngine(models.TextChoices):
    ORACLE = "oracle", "Oracle"
    SQLSERVER = "sqlserver", "SQL Server"
    MYSQL = "mysql", "MySQL"
    POSTGRESQL = "postgresql", "PostgreSQL"
    DAMENG = "dameng", _("Dameng")
    KINGBASE = "kingbase", _("Kingbase")
    OTHER = "other", _("Other")


class DatabaseRole(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    ADG_STANDBY = "adg_standby", _("ADG standby")
    OGG_REPLICA = "ogg_replica", _("OGG replica")
    OTHER = "other", _("Other")


class RelationKind(models.TextChoices):
    RUNS_ON = "runs_on", _("runs on")
    DEPENDS_ON = "depends_on", _("depends on")
    EXCHANGES_DATA = "exchanges_data", _("exchanges data with")
