"""Every write of the inspections domain, by area: inspections (checklists, plans, readings,
signature), activities (drills, trainings, meetings), data quality, and telling people of
missed duties."""

from .activities import (
    activity_action_item,
    activity_cancel,
    activity_create,
    activity_plan_create,
    activity_plan_generate,
    activity_record,
)
from .inspections import (
    Generated,
    finding_open,
    inspection_cancel,
    inspection_complete,
    inspection_plan_create,
    inspection_plan_generate,
    inspection_record,
    inspection_report_file,
    inspection_sign,
    inspection_start,
    inspection_template_create,
    inspection_templates_install,
)
from .obligations import obligations_missed_notify
from .quality import quality_rule_create, quality_rule_run, quality_rules_due

__all__ = [
    "Generated", "activity_action_item", "activity_cancel", "activity_create", "activity_plan_create",
    "activity_plan_generate", "activity_record", "finding_open", "inspection_cancel", "inspection_complete",
    "inspection_plan_create", "inspection_plan_generate", "inspection_record", "inspection_report_file",
    "inspection_sign", "inspection_start", "inspection_template_create", "inspection_templates_install",
    "obligations_missed_notify", "quality_rule_create", "quality_rule_run", "quality_rules_due",
]  # fmt: skip
