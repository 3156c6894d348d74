"""Catalog pages. Thin: parse the request, call a selector or a service, render."""

import csv
import io
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.accounts.models import Vendor
from hisops.core.capabilities import Cap, require
from hisops.core.errors import DomainError, NotFound, PermissionDenied
from hisops.core.forms import add_domain_error
from hisops.core.htmx import htmx_partial
from hisops.core.scoping import scope_to_user
from hisops.core.selectors import hospital_for_write

from . import importing, selectors, services
from .api import xlsx_response
from .forms import ImportForm, ItemFilterForm, ItemForm, RelationForm
from .panels import panels_for

EXAMPLE_FILE = Path(__file__).parent / "data" / "catalog-example.csv"


@login_required
@require_GET
def item_list(request):
    vendors = scope_to_user(Vendor.objects.all(), request.user).order_by("name")
    form = ItemFilterForm(request.GET or None, vendors=vendors)
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v or v is False}
        if "vendor" in filters:
            filters["vendor"] = filters["vendor"].pk
    items = selectors.item_list(user=request.user, **filters)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    template = (
        "catalog/partials/item_table.html" if htmx_partial(request) else "catalog/item_list.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def item_detail(request, pk):
    item = selectors.item_get(user=request.user, pk=pk)
    return render(
        request,
        "catalog/item_detail.html",
        {"item": item, "relation_form": RelationForm(), **selectors.item_relations(item=item),
         "panels": panels_for(user=request.user, item=item)},
    )  # fmt: skip


def _relations_card(request, item, form=None):
    """The relations card after a change: a fragment for HTMX, else the whole page."""
    context = {
        "item": item,
        "relation_form": form or RelationForm(),
        **selectors.item_relations(item=item),
    }
    if htmx_partial(request):
        return render(request, "catalog/partials/relations.html", context)
    if form is not None and form.errors:
        return render(request, "catalog/item_detail.html", context, status=400)
    return redirect("catalog:item_detail", pk=item.pk)


@login_required
@require_POST
def relation_add(request, pk):
    item = selectors.item_get(user=request.user, pk=pk)
    require(request.user, Cap.CATALOG_CHANGE, item.hospital)
    form = RelationForm(request.POST)
    if form.is_valid():
        try:
            target = selectors.item_find(user=request.user, text=form.cleaned_data["target"])
        except NotFound:
            form.add_error("target", _("No item has this code or name."))
        else:
            try:
                services.relation_create(
                    actor=request.user, source=item, target=target, kind=form.cleaned_data["kind"]
                )
            except PermissionDenied:
                raise
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                form = None
    return _relations_card(request, item, form)


@login_required
@require_POST
def relation_remove(request, pk, relation_pk):
    item = selectors.item_get(user=request.user, pk=pk)
    relation = selectors.item_relation(item=item, pk=relation_pk)
    if relation is None:
        raise Http404
    services.relation_delete(actor=request.user, relation=relation)
    return _relations_card(request, item)


@login_required
@require_GET
def item_impact(request, pk):
    item = selectors.item_get(user=request.user, pk=pk)
    impact = selectors.item_impact(user=request.user, item=item)
    return render(request, "catalog/partials/impact.html", {"impact": impact})


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    try:  # platform admins with several hospitals name one: ?hospital=CODE
        hospital = hospital_for_write(user=request.user, code=request.GET.get("hospital"))
    except DomainError as exc:
        messages.error(request, exc.describe())
        return redirect("catalog:item_list")
    require(request.user, Cap.CATALOG_CHANGE, hospital)
    form = ItemForm(request.POST or None, hospital=hospital)
    if request.method == "POST" and form.is_valid():
        fields, departments = form.service_fields()
        try:
            item = services.item_create(
                actor=request.user, hospital=hospital, departments=departments, **fields
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Created %s.") % item)
            return redirect("catalog:item_detail", pk=item.pk)
    return render(request, "catalog/item_form.html", {"form": form, "item": None})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = selectors.item_get(user=request.user, pk=pk)
    require(request.user, Cap.CATALOG_CHANGE, item.hospital)
    form = ItemForm(request.POST or None, instance=item, hospital=item.hospital)
    if request.method == "POST" and form.is_valid():
        fields, departments = form.service_fields()
        try:
            item = services.item_update(
                actor=request.user, item=item, departments=departments, **fields
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved %s.") % item)
            return redirect("catalog:item_detail", pk=item.pk)
    return render(request, "catalog/item_form.html", {"form": form, "item": item})


@login_required
@require_http_methods(["GET", "POST"])
def item_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": importing.COLUMNS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            hospital = hospital_for_write(user=request.user, code=request.GET.get("hospital"))
            result = services.catalog_import(
                actor=request.user,
                hospital=hospital,
                file_name=upload.name,
                content=upload.read(),
                dry_run=form.cleaned_data["dry_run"],
            )
        except DomainError as exc:
            context["error"] = exc
            context["rows"] = exc.extra.get("rows", [])
        else:
            context["result"] = result
    return render(request, "catalog/item_import.html", context)


@login_required
@require_GET
def import_template(request):
    with EXAMPLE_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))[1:]
    return xlsx_response(importing.write_xlsx(rows), "catalog-template")


@login_required
@require_GET
def item_export(request):
    content = services.catalog_export(
        actor=request.user, items=selectors.item_list(user=request.user)
    )
    return xlsx_response(content, "catalog")
