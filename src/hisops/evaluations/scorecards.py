"""The acceptance scorecard as a document: one PDF, filed when both sides have signed."""

from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.core.pdf import data_uri
from hisops.core.pdf import render_pdf as write_pdf

from .kpis import KPIS, display


def title(card) -> str:
    return _("Acceptance scorecard %(contract)s, year %(year)s") % {"contract": card.contract.number,
                                                                     "year": card.year.number}  # fmt: skip


def context(card) -> dict:
    figures = card.figures
    parts = {
        "goals": _("KPI goals met"),
        "duties": _("Duties done"),
        "evaluation": _("Evaluations"),
    }
    return {
        "card": card,
        "title": title(card),
        "hospital": card.contract.hospital.name,
        "kpis": [
            (str(KPIS[k].name), display(k, v)) for k, v in figures["kpis"].items() if k in KPIS
        ],
        "goals": [
            {**g, "shown": display(g["key"], g["value"]), "goal": display(g["key"], g["target"])}
            for g in figures["goals"]
        ],
        "parts": [
            (
                parts[name],
                p["weight"],
                "—" if p["value"] is None else f"{p['value'] * 100:.1f}%",
                p["counted"],
            )
            for name, p in figures["parts"].items()
        ],
        "hospital_signature": data_uri(card.hospital_signature),
        "vendor_signature": data_uri(card.vendor_signature),
        "generated_at": timezone.localtime(),
    }


def render_pdf(card) -> bytes:
    return write_pdf("evaluations/scorecard_pdf.html", context(card))
