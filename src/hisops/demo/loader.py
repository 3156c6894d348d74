"""Load the demo hospital through the same services a person would use. Idempotent."""

import csv
import io

from django.db import transaction

from hisops.accounts.models import Department, User
from hisops.accounts.permissions import SYSTEM
from hisops.accounts.services import department_create, user_create
from hisops.catalog.services import catalog_import
from hisops.contracts.models import Vendor
from hisops.contracts.services import vendor_create
from hisops.core.models import Hospital
from hisops.core.services import hospital_create

from . import data


@transaction.atomic
def load_demo() -> dict:
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
