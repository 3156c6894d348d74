from datetime import date

import factory

from hisops.accounts.models import Department, User, Vendor
from hisops.catalog.choices import ItemKind
from hisops.catalog.models import Item, Relation
from hisops.contracts.models import Contract
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.models import Hospital
from hisops.tickets.models import Ticket

PASSWORD = "Test-pass-2026!"


class HospitalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hospital
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"H{n:03d}")
    name = factory.Sequence(lambda n: f"测试医院{n}")
    level = "3A"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    hospital = factory.SubFactory(HospitalFactory)
    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Sequence(lambda n: f"科室{n}")


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    hospital = factory.SubFactory(HospitalFactory)
    code = factory.Sequence(lambda n: f"V{n:03d}")
    name = factory.Sequence(lambda n: f"厂商{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    hospital = factory.SubFactory(HospitalFactory)
    role = Role.IT_ADMIN
    full_name = factory.Sequence(lambda n: f"用户{n}")
    vendor = factory.LazyAttribute(
        lambda o: (
            VendorFactory(hospital=o.hospital)
            if o.role in (Role.VENDOR_MANAGER, Role.VENDOR_ENGINEER)
            else None
        )
    )
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    hospital = factory.SubFactory(HospitalFactory)
    code = factory.Sequence(lambda n: f"ITEM-{n:05d}")
    name = factory.Sequence(lambda n: f"系统{n}")
    kind = ItemKind.SYSTEM


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relation

    source = factory.SubFactory(ItemFactory)
    target = factory.SubFactory(ItemFactory, hospital=factory.SelfAttribute("..source.hospital"))
    hospital = factory.SelfAttribute("source.hospital")
    kind = "depends_on"


class ContractFactory(factory.Factory):
    """A contract built the way hospitals build one: from a seed template, through the
    service, with its levels, targets and quotas; ``items`` are covered."""

    class Meta:
        model = Contract

    hospital = factory.SubFactory(HospitalFactory)
    vendor = factory.LazyAttribute(lambda o: VendorFactory(hospital=o.hospital))
    template = "seed002-his-emr"
    number = factory.Sequence(lambda n: f"HT-{n:04d}")
    starts_on = date(2026, 1, 1)
    ends_on = date(2027, 12, 31)
    items = ()

    @classmethod
    def _create(cls, model_class, *, items, **fields):
        from hisops.calendars.services import shipped_calendars_ensure
        from hisops.contracts.services import contract_covered_items_set, contract_template_load

        shipped_calendars_ensure()
        contract = contract_template_load(actor=SYSTEM, **fields)
        if items:
            contract_covered_items_set(actor=SYSTEM, contract=contract, items=list(items))
        return contract


class TicketFactory(factory.Factory):
    """A ticket created through the service desk (number, contract, level, clocks,
    timeline and audit entry), by the server's operator unless ``actor`` is given."""

    class Meta:
        model = Ticket

    hospital = factory.SubFactory(HospitalFactory)
    actor = SYSTEM
    title = factory.Sequence(lambda n: f"工单{n}：打印机卡纸")
    channel = "phone"

    @classmethod
    def _create(cls, model_class, **fields):
        from hisops.tickets.services import ticket_create

        return ticket_create(**fields)
