"""What each kind of record contributes to the index, and who may find it: each kind's
own selector decides, so search never shows what the record's page would refuse."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet

from hisops.catalog.models import Item
from hisops.catalog.selectors import item_queryset
from hisops.changes.models import Change
from hisops.changes.selectors import change_queryset
from hisops.knowledge.models import Article, Document
from hisops.knowledge.selectors import article_queryset, document_queryset
from hisops.problems.models import Problem
from hisops.problems.selectors import problem_queryset
from hisops.tickets.models import Ticket
from hisops.tickets.selectors import ticket_queryset


@dataclass(frozen=True)
class Indexer:
    kind: str
    model: type[Model]
    key: Callable[[Model], str]
    title: Callable[[Model], str]
    text: Callable[[Model], str]
    visible: Callable[..., QuerySet]  # (user) -> the records this user may open
    url: Callable[[str, int], str]
    fields: frozenset  # a save touching none of these leaves the entry as it is


def _join(*parts) -> str:
    return "\n".join(str(p) for p in parts if p)


INDEXERS = {
    indexer.kind: indexer
    for indexer in (
        Indexer("ticket", Ticket, lambda t: t.number, lambda t: t.title, lambda t: _join(t.description, t.resolution),
                ticket_queryset, lambda key, pk: f"/tickets/{key}/", frozenset({"title", "description", "resolution"})),
        Indexer("problem", Problem, lambda p: p.number, lambda p: p.title,
                lambda p: _join(p.description, p.root_cause, p.workaround, p.conclusion), problem_queryset,
                lambda key, pk: f"/problems/{key}/",
                frozenset({"title", "description", "root_cause", "workaround", "conclusion"})),
        Indexer("change", Change, lambda c: c.number, lambda c: c.title,
                lambda c: _join(c.purpose, c.overview, c.impact, c.risks, c.test_results), change_queryset,
                lambda key, pk: f"/changes/{key}/", frozenset({"title", "purpose", "overview", "impact", "risks", "test_results"})),
        Indexer("article", Article, lambda a: a.number, lambda a: a.title, lambda a: _join(a.tags, a.body),
                article_queryset, lambda key, pk: f"/knowledge/{key}/", frozenset({"title", "body", "tags"})),
        Indexer("document", Document, lambda d: d.number, lambda d: d.title, lambda d: _join(d.name, d.text),
                document_queryset, lambda key, pk: f"/knowledge/documents/{pk}/", frozenset({"title", "text"})),
        Indexer("item", Item, lambda i: i.code, lambda i: i.name, lambda i: _join(i.aliases, i.notes, i.host),
                lambda user: item_queryset(user=user), lambda key, pk: f"/catalog/{pk}/",
                frozenset({"code", "name", "aliases", "notes", "host"})),
    )
}  # fmt: skip


def indexer_for(model) -> Indexer | None:
    return next((i for i in INDEXERS.values() if i.model is model), None)
