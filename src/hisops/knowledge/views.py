"""Knowledge and archive pages: articles (list, read, write, publish, "this solved my
problem"), and the document archive (by category and period, upload, versions,
download). Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hisops.core.capabilities import Cap, can, require
from hisops.core.errors import DomainError
from hisops.core.forms import REFUSED, on_form, run_service
from hisops.core.selectors import hospital_for_write
from hisops.problems.selectors import problem_get
from hisops.tickets.selectors import ticket_get

from . import selectors, services
from .forms import ArticleForm, ArticleSearch, DocumentFilter, DocumentForm
from .markdown import rendered


@login_required
@require_GET
def article_list(request):
    form = ArticleSearch(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.article_list(user=request.user, q=q), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "knowledge/article_list.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request):
    require(request.user, Cap.ARTICLE_WRITE)
    hospital = hospital_for_write(user=request.user)
    form = ArticleForm(request.POST or None, user=request.user, hospital=hospital)
    if request.method == "POST" and form.is_valid():
        article = on_form(
            form,
            lambda: services.article_create(
                actor=request.user, hospital=hospital, **form.cleaned_data
            ),
        )
        if article is not REFUSED:
            messages.success(request, _("Saved as a draft: %s.") % article.number)
            return redirect("knowledge:article_detail", number=article.number)
    return render(request, "knowledge/article_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request, number):
    article = selectors.article_get(user=request.user, number=number)
    require(request.user, Cap.ARTICLE_WRITE, article.hospital)
    initial = {"title": article.title, "body": article.body, "audience": article.audience, "tags": article.tags,
               "items": list(article.items.all())}  # fmt: skip
    form = ArticleForm(
        request.POST or None, user=request.user, hospital=article.hospital, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        items = data.pop("items")
        done = on_form(
            form,
            lambda: services.article_update(
                actor=request.user, article=article, items=items, **data
            ),
        )
        if done is not REFUSED:
            messages.success(request, _("Saved."))
            return redirect("knowledge:article_detail", number=number)
    return render(request, "knowledge/article_form.html", {"form": form, "article": article})


@login_required
@require_http_methods(["GET", "POST"])
def article_detail(request, number):
    article = selectors.article_get(user=request.user, number=number)
    if request.method == "POST":
        what = request.POST.get("do")
        if what == "helped":
            services.knowledge_helped(actor=request.user, hospital=article.hospital, article=article,
                                      query=request.POST.get("q", ""))  # fmt: skip
            messages.success(request, _("Glad it helped. Thank you for saying so."))
        elif what in ("publish", "withdraw"):
            run_service(request, lambda: services.article_publish(
                actor=request.user, article=article, published=what == "publish"), _("Saved."))  # fmt: skip
        return redirect("knowledge:article_detail", number=number)
    writer = can(request.user, Cap.ARTICLE_WRITE, article.hospital)
    return render(request, "knowledge/article_detail.html", {
        "article": article, "html": rendered(article.body), "writer": writer,
        "versions": article.versions.select_related("edited_by")[:20] if writer else [],
    })  # fmt: skip


@login_required
@require_POST
def article_from(request, kind, number):
    """A draft article from a resolved ticket or a problem, opened for editing."""
    if kind == "ticket":
        source = ticket_get(user=request.user, number=number)
        call = lambda: services.article_from_ticket(actor=request.user, ticket=source)  # noqa: E731
    elif kind == "problem":
        source = problem_get(user=request.user, number=number)
        call = lambda: services.article_from_problem(actor=request.user, problem=source)  # noqa: E731
    else:
        raise Http404
    try:
        article = call()
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.describe())
        back = "tickets:ticket_detail" if kind == "ticket" else "problems:problem_detail"
        return redirect(back, number=number)
    messages.success(request, _("A draft is made from %s: check it, then publish it.") % number)
    return redirect("knowledge:article_edit", number=article.number)


@login_required
@require_http_methods(["GET", "POST"])
def document_list(request):
    require(request.user, Cap.DOCUMENT_VIEW)
    found = DocumentFilter(request.GET or None)
    filters = {k: v for k, v in found.cleaned_data.items() if v} if found.is_valid() else {}
    form = None
    if can(request.user, Cap.DOCUMENT_UPLOAD) and request.user.hospital_id:
        hospital = hospital_for_write(user=request.user)
        form = DocumentForm(
            request.POST or None, request.FILES or None, user=request.user, hospital=hospital
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("file")
            document = on_form(form, lambda: services.document_upload(
                actor=request.user, hospital=hospital, upload=upload, **{**data, "title": data["title"] or upload.name},
            ))  # fmt: skip
            if document is not REFUSED:
                messages.success(request, _("Filed as %s.") % document.number)
                return redirect("knowledge:document_detail", pk=document.pk)
    page = Paginator(selectors.document_list(user=request.user, **filters), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "knowledge/document_list.html", {"filter": found, "form": form, "page": page}
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_detail(request, pk):
    document = selectors.document_get(user=request.user, pk=pk)
    form = None
    if can(request.user, Cap.DOCUMENT_UPLOAD, document.hospital) and document.current:
        initial = {"title": document.title, "category": document.category, "period_start": document.period_start,
                   "period_end": document.period_end, "contract": document.contract_id}  # fmt: skip
        form = DocumentForm(request.POST or None, request.FILES or None, user=request.user, hospital=document.hospital,
                            initial=initial)  # fmt: skip
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("file")
            new = on_form(form, lambda: services.document_upload(
                actor=request.user, hospital=document.hospital, upload=upload, replaces=document,
                **{**data, "title": data["title"] or document.title},
            ))  # fmt: skip
            if new is not REFUSED:
                messages.success(request, _("Version %d filed.") % new.version)
                return redirect("knowledge:document_detail", pk=new.pk)
    return render(request, "knowledge/document_detail.html", {
        "document": document, "form": form, "versions": selectors.document_versions(document=document),
    })  # fmt: skip


@login_required
@require_GET
def document_download(request, pk):
    document = selectors.document_get(user=request.user, pk=pk)
    try:
        handle = services.document_open(actor=request.user, document=document)
    except DomainError as exc:
        return render(request, "knowledge/document_altered.html", {"document": document, "message": exc.message},
                      status=409)  # fmt: skip
    return FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=document.content_type
    )


@login_required
@require_POST
def helped(request):
    """ "Solved it" under the report form: an article or a resolved ticket helped, so no
    report is sent; counted (HTMX answers the thanks in place)."""
    from django.http import HttpResponse

    article = (
        selectors.article_get(user=request.user, number=request.POST["article"])
        if request.POST.get("article")
        else None
    )
    ticket = (
        ticket_get(user=request.user, number=request.POST["ticket"])
        if request.POST.get("ticket")
        else None
    )
    if article is None and ticket is None:
        raise Http404
    hospital = (article or ticket).hospital
    services.knowledge_helped(actor=request.user, hospital=hospital, article=article, ticket=ticket,
                              query=request.POST.get("q", ""))  # fmt: skip
    thanks = _("Glad it helped. Thank you for saying so.")
    if request.headers.get("HX-Request"):
        return HttpResponse(
            f'<div class="alert alert-success py-2" data-testid="helped-thanks">{escape(thanks)}</div>'
        )
    messages.success(request, thanks)
    return redirect("tickets:report")
