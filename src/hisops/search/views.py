"""The search page behind the header's search box."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import search


@login_required
@require_GET
def search_page(request):
    q = request.GET.get("q", "").strip()[:200]
    return render(
        request,
        "search/results.html",
        {"q": q, "results": search(user=request.user, q=q, limit=50) if q else []},
    )


RESOLVED = ("resolved", "confirmed", "closed")


@login_required
@require_GET
def suggest(request):
    """The help under the report form (HTMX): articles and resolved tickets like the text
    typed so far (any of its words), and the system most of those tickets were about."""
    from collections import Counter

    from hisops.tickets.selectors import ticket_queryset

    text = " ".join(request.GET.get(name, "") for name in ("title", "description")).strip()[:500]
    if len(text) < 2:
        return render(request, "search/partials/suggestions.html", {})
    articles = search(user=request.user, q=text, kinds=["article"], limit=3, any_word=True)
    tickets = search(user=request.user, q=text, kinds=["ticket"], limit=3, any_word=True,
                     narrow={"ticket": {"status__in": RESOLVED}})  # fmt: skip
    items = Counter(
        ticket_queryset(user=request.user).filter(number__in=[t.key for t in tickets], item__isnull=False)
        .values_list("item__name", flat=True)
    )  # fmt: skip
    return render(request, "search/partials/suggestions.html", {
        "articles": articles, "tickets": tickets, "system": items.most_common(1)[0][0] if items else "", "q": text[:200],
    })  # fmt: skip
