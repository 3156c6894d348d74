import pytest

from hisops.accounts.models import User
from hisops.catalog.models import Item
from hisops.core.capabilities import Role
from hisops.demo import data
from hisops.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_demo_hospital_holds_the_seeds_catalog_and_one_user_per_role():
    loaded = load_demo()
    items = Item.objects.filter(hospital=loaded["hospital"])
    names = set(items.values_list("name", flat=True))
    # Seed 002: its 57-row list (19 HIS modules, 9 EMR modules, 5 single-module systems, 24 interfaces).
    seed_002 = [
        m[1] for m in data.HIS_MODULES + data.EMR_MODULES + data.OTHER_SYSTEMS + data.HIS_INTERFACES
    ]
    assert len(seed_002) == 57
    assert set(seed_002) <= names
    assert set(data.EMR_AREAS) <= names and len(data.EMR_AREAS) == 21  # seed 004
    assert {p[1] for p in data.PLATFORM_SYSTEMS} <= names and len(
        data.PLATFORM_SYSTEMS
    ) == 13  # seed 003
    assert {"移动护理信息系统", "护理管理系统", "护士站白板系统"} <= names  # seed 001
    assert items.filter(kind="interface", policy_driven=True).count() >= 15
    assert {u.role for u in User.objects.filter(hospital=loaded["hospital"])} == set(Role.values)


def test_demo_loads_twice_without_duplicates():
    load_demo()
    count = Item.objects.count()
    second = load_demo()
    assert Item.objects.count() == count
    assert second["catalog"].created == 0 and second["catalog"].updated == 0


def test_demo_contracts_come_from_the_seed_templates():
    from hisops.calendars.services import shipped_calendars_ensure
    from hisops.contracts.models import Contract

    shipped_calendars_ensure()
    load_demo()
    contracts = {c.number: c for c in Contract.objects.all()}
    assert contracts["SA-DB-2026"].quotas.get(code="remote-fault").limit == 15
    assert contracts["KL-HIS-2026"].covered_items.filter(code="HIS").exists()
    assert contracts["KL-HIS-2026"].years.count() == 3
