"""The CMDB: a hospital's systems, modules, interfaces and infrastructure, and how they relate."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.models import TenantModel, code_validator

from .choices import (
    Criticality,
    DatabaseEngine,
    DatabaseRole,
    Direction,
    Environment,
    ItemKind,
    Protocol,
    RelationKind,
)


class Item(TenantModel):
    """One configuration item. Kind-specific attributes are plain nullable columns so that
    every kind lists, filters and imports through one table."""

    code = models.CharField(_("code"), max_length=64, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    aliases = models.CharField(
        _("other names"), max_length=200, blank=True,
        help_text=_("What people call it, comma separated (e.g. 挂号, 收费, 门诊): the report form's search finds these."),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    vendor = models.ForeignKey(
        "accounts.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("vendor"),
    )
    version = models.CharField(_("version"), max_length=64, blank=True)
    criticality = models.CharField(
        _("criticality"), max_length=20, choices=Criticality.choices, default=Criticality.GENERAL
    )
    environment = models.CharField(
        _("environment"), max_length=20, choices=Environment.choices, default=Environment.PRODUCTION
    )
    departments = models.ManyToManyField(
        "accounts.Department", blank=True, related_name="items", verbose_name=_("departments")
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    # Interfaces
    source = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interfaces_out",
        verbose_name=_("source system"),
    )
    target = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interfaces_in",
        verbose_name=_("target system"),
    )
    external_party = models.CharField(_("external party"), max_length=200, blank=True)
    protocol = models.CharField(_("protocol"), max_length=20, choices=Protocol.choices, blank=True)
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, blank=True
    )
    policy_driven = models.BooleanField(_("policy-driven interface"), default=False)

    # Databases
    db_engine = models.CharField(
        _("database engine"), max_length=20, choices=DatabaseEngine.choices, blank=True
    )
    db_role = models.CharField(
        _("database role"), max_length=20, choices=DatabaseRole.choices, blank=True
    )

    # Servers, network devices, storage
    host = models.CharField(_("host or address"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)

    class Meta:
        ordering = ["hospital_id", "code"]
        verbose_name = _("configuration item")
        verbose_name_plural = _("configuration items")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "code"], name="catalog_item_code_unique"),
        ]
        indexes = [
            models.Index(fields=["hospital", "kind", "code"], name="catalog_item_kind"),
            models.Index(fields=["hospital", "vendor", "code"], name="catalog_item_vendor"),
            models.Index(fields=["hospital", "name"], name="catalog_item_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Relation(TenantModel):
    """``source`` runs on / depends on / exchanges data with ``target``."""

    source = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("source")
    )
    target = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("target")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationKind.choices)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        ordering = ["source_id", "kind", "target_id"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="catalog_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="catalog_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"
