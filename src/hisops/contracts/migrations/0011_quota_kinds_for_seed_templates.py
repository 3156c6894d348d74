"""Quotas loaded from the seed templates before quotas had kinds, periods and triggers get
the template's reading (decision 43): seed 002's remote faults and emergency visits are
caps counted by incidents and visits, its inspections one a quarter; seed 001's twelve
inspections a year are one a month; seed 004's two a year are a minimum."""

from django.db import migrations


def forwards(apps, schema_editor):
    Quota = apps.get_model("contracts", "Quota")
    quotas = Quota.objects.select_related("contract")
    for quota in quotas.filter(contract__template="seed002-database"):
        if quota.code == "remote-fault":
            quota.counts = "incident"
        elif quota.code == "onsite-emergency":
            quota.counts = "onsite_emergency"
        elif quota.code in ("onsite-inspection", "remote-inspection"):
            quota.kind, quota.period, quota.counts = "minimum", "quarter", "inspection"
        quota.save(update_fields=["kind", "period", "counts"])
    for quota in quotas.filter(contract__template="seed001-mobile-nursing", code="inspection", limit=12):
        quota.kind, quota.period, quota.counts, quota.limit = "minimum", "month", "inspection", 1
        quota.save(update_fields=["kind", "period", "counts", "limit"])
    for quota in quotas.filter(contract__template="seed004-emr-service-items", code="inspection"):
        quota.kind, quota.counts = "minimum", "inspection"
        quota.save(update_fields=["kind", "counts"])


class Migration(migrations.Migration):
    dependencies = [("contracts", "0010_quota_kinds_periods_triggers")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
