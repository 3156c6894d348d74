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
