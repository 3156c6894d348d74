"""Load the demo hospital through the same services a person would use. Idempotent."""

import csv
import io
from datetime import date

from django.db import transaction

from hisops.accounts.models import Department, User
from hisops.accounts.permissions import SYSTEM
from hisops.accounts.services import department_create, user_create
from hisops.catalog.models import Item
from hisops.catalog.services import catalog_import
from hisops.contracts.models import Contract, Vendor
from hisops.contracts.services import (
    contract_covered_items_set,
    contract_template_load,
    vendor_create,
)
from hisops.core.models import Hospital
from hisops.core.services import hospital_create, shipped_calendars_ensure

from . import data


@transaction.atomic
def load_demo() -> dict:
    shipped_calendars_ensure()  # the contract templates' targets run on them
    hospital = Hospital.objects.filter(code=data.HOSPITAL["code"]).first()
    if hospital is None:
        hospital = hospital_create(actor=SYSTEM, **data.HOSPITAL)
    for code, name, kind in data.VENDORS:
        if not Vendor.objects.filter(hospital=hospital, code=code).exists():
            vendor_create(actor=SYSTEM, hospital=hospital, code=code, name=name, kind=kind)
    for code, name, kind in data.DEPARTMENTS:
        if not Department.objects.filter(hospital=hospital, code=code).exists():
            department_create(actor=SYSTEM, hospital=hospital, code=code, name=name, kind=kind)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(data.catalog_rows())
    result = catalog_import(
        actor=SYSTEM,
        hospital=hospital,
        file_name="demo-catalog.csv",
        content=buffer.getvalue().encode(),
    )
    for number, vendor_code, template, covered in data.CONTRACTS:
        if Contract.objects.filter(hospital=hospital, number=number).exists():
            continue
        contract = contract_template_load(
            actor=SYSTEM,
            hospital=hospital,
            vendor=Vendor.objects.get(hospital=hospital, code=vendor_code),
            template=template,
            number=number,
            starts_on=date.fromisoformat(data.CONTRACT_PERIOD[0]),
            ends_on=date.fromisoformat(data.CONTRACT_PERIOD[1]),
        )
        contract_covered_items_set(
            actor=SYSTEM,
            contract=contract,
            items=Item.objects.filter(hospital=hospital, code__in=covered),
        )
    for username, role, full_name, vendor_code, dept_code in data.USERS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            actor=SYSTEM,
            username=username,
            role=role,
            hospital=hospital,
            password=data.PASSWORD,
            full_name=full_name,
            vendor=Vendor.objects.get(hospital=hospital, code=vendor_code) if vendor_code else None,
            department=Department.objects.get(hospital=hospital, code=dept_code)
            if dept_code
            else None,
        )
    return {"hospital": hospital, "catalog": result}
