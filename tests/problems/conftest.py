from datetime import date

import pytest

from hisops.accounts.permissions import SYSTEM
from hisops.contracts import services as contracts
from hisops.core.services import shipped_calendars_ensure

from ..factories import ItemFactory, VendorFactory


@pytest.fixture
def his(hospital):
    """HIS under the seed 002 HIS/EMR contract (HT-1) of one vendor."""
    shipped_calendars_ensure()
    vendor = VendorFactory(hospital=hospital)
    contract = contracts.contract_template_load(
        actor=SYSTEM, hospital=hospital, vendor=vendor, template="seed002-his-emr", number="HT-1",
        starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31),
    )  # fmt: skip
    item = ItemFactory(hospital=hospital, code="HIS", vendor=vendor)
    contracts.contract_covered_items_set(actor=SYSTEM, contract=contract, items=[item])
    return item


@pytest.fixture
def lis(hospital):
    """LIS under another vendor's contract (HT-2)."""
    shipped_calendars_ensure()
    vendor = VendorFactory(hospital=hospital)
    contract = contracts.contract_template_load(
        actor=SYSTEM, hospital=hospital, vendor=vendor, template="seed002-his-emr", number="HT-2",
        starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31),
    )  # fmt: skip
    item = ItemFactory(hospital=hospital, code="LIS", vendor=vendor)
    contracts.contract_covered_items_set(actor=SYSTEM, contract=contract, items=[item])
    return item
