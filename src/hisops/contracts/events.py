"""What the contracts domain announces to others (after commit)."""

from hisops.core.events import Event

# A level's targets changed: the service desk recomputes open tickets' clocks.
contract_sla_changed = Event("contract_sla_changed")
# A quota's usage crossed 80% (``warning``), its limit (``reached``) or went past it.
quota_threshold = Event("quota_threshold")
