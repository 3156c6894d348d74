import factory

from hisops.accounts.models import Department, User, Vendor
from hisops.catalog.choices import ItemKind
from hisops.catalog.models import Item, Relation
from hisops.core.capabilities import Role
from hisops.core.models import Hospital

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
