"""Existing contracts get the default impact mapping and default level that a new
contract gets (``contracts.services.impact_map_default``), so their covered items'
tickets have clocks from the first minute. Written out here, as a migration must not
follow later changes to the service."""

from django.db import migrations


def forwards(apps, schema_editor):
    Contract = apps.get_model("contracts", "Contract")
    SLALevel = apps.get_model("contracts", "SLALevel")
    for contract in Contract.objects.filter(default_level__isnull=True):
        levels = list(SLALevel.objects.filter(contract=contract).order_by("position", "code"))
        if not levels or any(lv.impacts for lv in levels):
            continue
        first, last = levels[0], levels[-1]
        rest = levels[1:] or [first]
        person = next((lv for lv in rest if not lv.system_level), rest[-1])
        after = levels.index(person) + 1
        around = levels[after] if after < len(levels) and levels[after] is not last else person
        mapping = {
            "department_down": first,
            "person_down": person,
            "workaround": around,
            "question": last,
        }
        for level in levels:
            level.impacts = [impact for impact, lv in mapping.items() if lv is level]
            level.save(update_fields=["impacts"])
        contract.default_level = around
        contract.save(update_fields=["default_level"])


class Migration(migrations.Migration):
    dependencies = [("contracts", "0006_level_map")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
