"""The intake endpoints (``/hooks/<kind>/<token>/``) and the monitoring page for IT."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from hisops.core.capabilities import Cap, require
from hisops.core.errors import DomainError, NotFound
from hisops.core.forms import submit
from hisops.core.selectors import hospital_for_write

from . import selectors, services
from .forms import HookForm, RuleForm


@csrf_exempt  # machines post here with the token in the path, not a browser session
@require_POST
def intake(request, kind, token):
    hook = selectors.hook_for_token(kind=kind, token=token)
    if hook is None:
        refused = NotFound(_("Unknown or revoked hook."))
        return JsonResponse(refused.as_dict(), status=refused.status)
    try:
        payload = services.payload_accept(hook=hook, body=request.body)
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)
    return JsonResponse({"accepted": True, "payload": payload.pk}, status=202)


@login_required
@require_http_methods(["GET", "POST"])
def monitoring(request):
    """Hooks (with their addresses), rules, and the latest alerts."""
    require(request.user, Cap.CHANNEL_MANAGE)
    hospital = hospital_for_write(user=request.user)
    hook_form = HookForm(request.POST if request.POST.get("form") == "hook" else None)
    rule_form = RuleForm(
        request.POST if request.POST.get("form") == "rule" else None, user=request.user
    )
    for form, service in ((hook_form, services.hook_create), (rule_form, services.rule_create)):
        if submit(
            request,
            form,
            lambda data, service=service: service(actor=request.user, hospital=hospital, **data),
        ):
            return redirect("monitoring:monitoring")
    return render(request, "monitoring/monitoring.html", {
        "hook_form": hook_form, "rule_form": rule_form,
        "hooks": selectors.hook_list(user=request.user), "rules": selectors.rule_list(user=request.user),
        "alerts": selectors.alert_list(user=request.user)[:50], "base": request.build_absolute_uri("/").rstrip("/"),
    })  # fmt: skip


@login_required
@require_POST
def hook_revoke(request, pk):
    hook = selectors.hook_get(user=request.user, pk=pk)
    services.hook_revoke(actor=request.user, hook=hook)
    messages.success(request, _("Revoked."))
    return redirect("monitoring:monitoring")
