"""The monitoring page: rules mapped to levels with a form (no JSON), a test alert that
says what would happen and stores nothing, and the setup text of each source."""

import pytest

from hisops.core.capabilities import SYSTEM
from hisops.monitoring.models import Alert, AlertRule, Payload
from hisops.monitoring.services import alert_try, hook_create, rule_create
from hisops.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_the_rule_form_maps_severities_to_levels_without_json(client, it_admin, his):
    client.force_login(it_admin)
    page = client.get("/monitoring/").content.decode()
    assert 'name="level_critical"' in page and "{&quot;critical" not in page
    client.post("/monitoring/", {"form": "rule", "label": "instance", "pattern": "his-db-*",
                                 "item": his.pk, "level_critical": "1", "level_warning": "3"})  # fmt: skip
    rule = AlertRule.objects.get()
    assert rule.levels == {"critical": "1", "warning": "3"}
    page = client.get("/monitoring/").content.decode()
    assert "一级故障" in page and "{'critical'" not in page


@pytest.mark.parametrize("kind", ["alertmanager", "zabbix", "grafana", "generic"])
def test_a_test_alert_says_what_it_would_do_and_stores_nothing(it_admin, hospital, his, kind):
    hook = hook_create(actor=SYSTEM, hospital=hospital, kind=kind)
    rule_create(actor=SYSTEM, hospital=hospital, label="instance" if kind != "zabbix" else "host",
                pattern="his-db-*", item=his, levels={"critical": "1"})  # fmt: skip
    label = "host" if kind == "zabbix" else "instance"
    trial = alert_try(
        actor=it_admin, hook=hook, label=label, value="his-db-01", severity="critical"
    )
    assert trial.rule.item == his and trial.contract.number == "HT-1" and trial.level.code == "1"
    assert trial.joins is None
    unmapped = alert_try(actor=it_admin, hook=hook, label=label, value="his-db-01", severity="info")
    assert unmapped.level.code == "3"  # the contract's default level
    nothing = alert_try(
        actor=it_admin, hook=hook, label=label, value="pacs-01", severity="critical"
    )
    assert nothing.rule is None
    assert (
        not Alert.objects.exists() and not Payload.objects.exists() and not Ticket.objects.exists()
    )


def test_the_page_tries_an_alert_and_shows_each_sources_setup(client, it_admin, hospital, his):
    hook = hook_create(actor=SYSTEM, hospital=hospital, kind="zabbix", name="Zabbix 6")
    hook_create(actor=SYSTEM, hospital=hospital, kind="alertmanager")
    rule_create(actor=SYSTEM, hospital=hospital, label="host", pattern="HIS-*", item=his)
    client.force_login(it_admin)
    page = client.post("/monitoring/", {"form": "try", "hook": hook.pk, "label": "host",
                                        "value": "HIS-DB01", "severity": "high"}).content.decode()  # fmt: skip
    assert 'data-testid="trial"' in page and "HT-1" in page
    assert "{EVENT.TAGSJSON}" in page and "webhook_configs" in page and hook.path in page
