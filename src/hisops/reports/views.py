from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render

from hisops.catalog.choices import ItemKind
from hisops.catalog.selectors import item_queryset
from hisops.core.capabilities import Role
from hisops.core.scoping import visible_hospitals

KIND_ICONS = {
    ItemKind.SYSTEM: "bi-grid-3x3-gap",
    ItemKind.MODULE: "bi-puzzle",
    ItemKind.INTERFACE: "bi-arrow-left-right",
    ItemKind.SERVER: "bi-hdd-rack",
    ItemKind.DATABASE: "bi-database",
    ItemKind.NETWORK: "bi-router",
    ItemKind.STORAGE: "bi-hdd-stack",
}


@login_required
def home(request):
    if request.user.role == Role.CLINICIAN:  # a clinician's home is 报修 and 我的报修
        return redirect("tickets:report")
    counts = dict(
        item_queryset(user=request.user).values_list("kind").annotate(n=Count("id")).order_by()
    )
    tiles = [
        (kind, label, counts.get(kind, 0), KIND_ICONS[kind]) for kind, label in ItemKind.choices
    ]
    return render(
        request,
        "reports/home.html",
        {"tiles": tiles, "hospitals": visible_hospitals(request.user)[:20]},
    )
