"""The intake endpoints (``/hooks/<kind>/<token>/``) and the monitoring page for IT."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from hisops.contracts.selectors import level_choices
from hisops.core.capabilities import Cap, require
from hisops.core.errors import DomainError, NotFound
from hisops.core.forms import REFUSED, on_form, submit
from hisops.core.selectors import hospital_for_write
from hisops.core.throttle import hook_refused

from . import selectors, services
from .choices import Severity
from .forms import HookForm, RuleForm, TryForm


@csrf_exempt  # machines post here with the token in the path, not a browser session
@require_POST
def intake(request, kind, token):
    hook = selectors.hook_for_token(kind=kind, token=token)
    throttled = hook_refused(request, credential=hook and f"hook:{hook.pk}")
    if throttled:
        return throttled
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
    """Hooks (with their addresses and setup text), rules, a test alert, the latest alerts."""
    require(request.user, Cap.CHANNEL_MANAGE)
    hospital = hospital_for_write(user=request.user)
    posted = request.POST.get("form")
    hook_form = HookForm(request.POST if posted == "hook" else None)
    rule_form = RuleForm(request.POST if posted == "rule" else None, user=request.user)
    for form, service in ((hook_form, services.hook_create), (rule_form, services.rule_create)):
        if submit(
            request,
            form,
            lambda data, service=service: service(actor=request.user, hospital=hospital, **data),
        ):
            return redirect("monitoring:monitoring")
    hooks = list(selectors.hook_list(user=request.user))
    live = [h for h in hooks if h.revoked_at is None]
    try_form = TryForm(request.POST if posted == "try" else None, hooks=live)
    trial = None
    if try_form.is_bound and try_form.is_valid():
        data = dict(try_form.cleaned_data)
        hook = next(h for h in live if h.pk == data.pop("hook"))
        trial = on_form(try_form, lambda: services.alert_try(actor=request.user, hook=hook, **data))
        trial = None if trial is REFUSED else trial
    level_names = dict(level_choices(hospital_id=hospital.pk))
    severities = dict(Severity.choices)
    rules = [
        (
            rule,
            [
                (severities.get(s, s), level_names.get(code, code))
                for s, code in rule.levels.items()
            ],
        )
        for rule in selectors.rule_list(user=request.user)
    ]
    return render(request, "monitoring/monitoring.html", {
        "hook_form": hook_form, "rule_form": rule_form, "try_form": try_form, "trial": trial,
        "hooks": hooks, "rules": rules,
        "alerts": selectors.alert_list(user=request.user)[:50], "base": request.build_absolute_uri("/").rstrip("/"),
    })  # fmt: skip


@login_required
@require_POST
def hook_revoke(request, pk):
    hook = selectors.hook_get(user=request.user, pk=pk)
    services.hook_revoke(actor=request.user, hook=hook)
    messages.success(request, _("Revoked."))
    return redirect("monitoring:monitoring")
