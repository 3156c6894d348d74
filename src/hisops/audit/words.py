"""The audit log in words: what each action code, object and change says to a person.

The log stores stable codes (``tickets.ticket.accept``, ``catalog.item.update``) and ids;
this module turns them into sentences for the audit page and its export. A code reads as
"<verb> <the model's verbose name>" from the tables below and Django's model registry;
apps whose actions do not fit that shape register their own words
(``describe_actions`` in their ``AppConfig.ready()``), and the pages an object may be
opened on (``link_objects``), so the audit app never imports a domain above it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

# The verbs every domain uses, by the last part of an action code.
VERBS = {
    "create": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("deleted"),
    "set": gettext_lazy("set"),
    "clear": gettext_lazy("cleared"),
    "add": gettext_lazy("added"),
    "revoke": gettext_lazy("revoked"),
    "acknowledge": gettext_lazy("acknowledged"),
    "generate": gettext_lazy("generated"),
    "swap": gettext_lazy("swapped"),
    "link": gettext_lazy("linked"),
    "unlink": gettext_lazy("unlinked"),
    "import": gettext_lazy("imported"),
    "export": gettext_lazy("exported"),
    "restore": gettext_lazy("restored"),
    "sign": gettext_lazy("signed"),
    "recompute": gettext_lazy("recomputed"),
    "use": gettext_lazy("used"),
    "cover": gettext_lazy("set the covered items of"),
    "comment": gettext_lazy("commented on"),
    "assign": gettext_lazy("assigned"),
    "work": gettext_lazy("recorded the work of"),
}

_actions: dict[str, object] = {"audit.export": gettext_lazy("exported the audit log")}
_pages: dict[str, tuple[str, Callable]] = {}
_keys: dict[str, object] = {}
_choices: dict[str, type] = {}


def describe_actions(words: Mapping[str, object]) -> None:
    """Register whole sentences for action codes that "<verb> <object>" does not fit."""
    _actions.update(words)


def describe_keys(words: Mapping[str, object]) -> None:
    """Register words for change keys that are not a model field (``tickets``: a count)."""
    _keys.update(words)


def describe_choices(choices: Mapping[str, type]) -> None:
    """``{change key: TextChoices}`` for JSON fields that hold codes (a list of statuses,
    a map from impact answers to levels): the codes are shown by their labels."""
    _choices.update(choices)


def link_objects(pages: Mapping[str, tuple[str, Callable]]) -> None:
    """``{object_type: (capability, object -> url)}``: where an object in the log opens,
    for those with the capability (no link leads to a page the reader may not open)."""
    _pages.update(pages)


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def action_words(action: str) -> str:
    """An action code in the reader's language; never the code itself."""
    if action in _actions:
        return str(_actions[action])
    head, _dot, verb = action.rpartition(".")
    model = _model(head)
    noun = str(model._meta.verbose_name) if model else ""
    if verb in VERBS:
        return (
            _("%(verb)s %(noun)s") % {"verb": VERBS[verb], "noun": noun}
            if noun
            else str(VERBS[verb])
        )
    return _("an action on %(noun)s") % {"noun": noun} if noun else _("an action")


def object_type_words(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else ""


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _value(value, field, names: dict, codes: dict | None = None) -> str:
    if codes and isinstance(value, str) and value in codes:
        return str(codes[value])
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.is_relation and isinstance(value, int):
        return names.get((field.related_model, value), f"#{value}")
    if field is not None and field.choices and not isinstance(value, list | dict):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return pgettext("list separator", ", ").join(_value(v, field, names, codes) for v in value)
    if isinstance(value, dict):
        return pgettext("clause separator", "; ").join(
            f"{_value(k, None, names, codes)}: {_value(v, None, names)}" for k, v in value.items()
        )
    if isinstance(value, str) and len(value) >= 16 and value[4:5] == "-" and "T" in value:
        moment = parse_datetime(value)
        if isinstance(moment, datetime):
            return (
                timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
                if timezone.is_aware(moment)
                else value
            )
    return str(value)


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if hasattr(field, "verbose_name") else None  # not a reverse relation


def related_names(events) -> dict:
    """``{(model, pk): name}`` for every foreign-key id in these events' changes: one query
    per related model, however many events."""
    wanted: dict = {}
    for event in events:
        model = _model(event.object_type)
        for name, pair in (event.changes or {}).items():
            field = _field(model, name)
            if field is not None and field.is_relation and isinstance(pair, list):
                for v in pair:
                    for pk in v if isinstance(v, list) else [v]:
                        if isinstance(pk, int):
                            wanted.setdefault(field.related_model, set()).add(pk)
    return {
        (model, obj.pk): str(obj)
        for model, pks in wanted.items()
        for obj in model._base_manager.filter(pk__in=pks)
    }


def changes_words(event, names: dict) -> list[Change]:
    """Each change of an event, field and values in words."""
    model = _model(event.object_type)
    result = []
    for name, pair in (event.changes or {}).items():
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else str(_keys.get(name, name))
        codes = dict(_choices[name].choices) if name in _choices else None
        if isinstance(pair, list) and len(pair) == 2:
            before, after = (_value(v, field, names, codes) for v in pair)
        else:
            before, after = "", _value(pair, field, names, codes)
        result.append(Change(field=label, before=before, after=after))
    return result


def object_link(event, user, objects: dict) -> str:
    """The URL of the event's object for this reader, or "" (no page, or not theirs)."""
    from hisops.core.capabilities import can

    page = _pages.get(event.object_type)
    obj = objects.get((event.object_type, event.object_id))
    if page is None or obj is None or not can(user, page[0], getattr(obj, "hospital_id", None)):
        return ""
    return page[1](obj)


def linked_objects(events) -> dict:
    """``{(object_type, id): object}`` for the events whose type has a page (one query per type)."""
    wanted: dict[str, set] = {}
    for event in events:
        if event.object_type in _pages and event.object_id.isdigit():
            wanted.setdefault(event.object_type, set()).add(int(event.object_id))
    found = {}
    for object_type, pks in wanted.items():
        for obj in _model(object_type)._base_manager.filter(pk__in=pks):
            found[(object_type, str(obj.pk))] = obj
    return found
