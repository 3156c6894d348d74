"""A person's own password, and the security admin's password policy."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hisops.core.capabilities import Cap, require
from hisops.core.forms import REFUSED, on_form

from . import services, twofactor
from .forms import PasswordChangeForm, PasswordPolicyForm, SecondFactorForm
from .middleware import MUST_CHANGE
from .models import PasswordPolicy
from .passwords import PolicyValidator, password_expired


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Choose a new password (required after a reset, and when the old one is too old)."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = on_form(form, lambda: services.password_change(
            actor=request.user, user=request.user, new_password=data["new_password"], old_password=data["old_password"],
        ))  # fmt: skip
        if done is not REFUSED:
            update_session_auth_hash(request, request.user)  # stay signed in here, not elsewhere
            request.session[MUST_CHANGE] = False
            messages.success(request, _("Your password is changed."))
            return redirect("home")
    return render(request, "accounts/password_change.html", {
        "form": form, "rules": PolicyValidator().get_help_text(), "forced": password_expired(request.user),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def password_policy(request):
    """The security admin's password rules."""
    require(request.user, Cap.USER_MANAGE)
    policy = PasswordPolicy.current()
    initial = {
        f: getattr(policy, f) for f in ("min_length", "min_classes", "history", "max_age_days")
    }
    form = PasswordPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = on_form(
            form, lambda: services.password_policy_set(actor=request.user, **form.cleaned_data)
        )
        if saved is not REFUSED:
            messages.success(request, _("Saved."))
            return redirect("password_policy")
    return render(request, "accounts/password_policy.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """Enter the authenticator's code (or a recovery code) after the password."""
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = on_form(
            form, lambda: twofactor.second_factor_verify(request, form.cleaned_data["token"])
        )
        if done is not REFUSED:
            return redirect("home")
    return render(request, "accounts/second_factor.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """Set up an authenticator app: scan, confirm with a code, keep the recovery codes."""
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = on_form(
            form,
            lambda: twofactor.totp_confirm(actor=request.user, token=form.cleaned_data["token"]),
        )
        if codes is not REFUSED:
            device = request.user.totpdevice_set.get(confirmed=True)
            twofactor.second_factor_verify_device(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        device = request.user.totpdevice_set.filter(confirmed=False).first()
    else:
        device = twofactor.totp_begin(actor=request.user)
    return render(request, "accounts/second_factor_setup.html", {
        "form": form, "qr": twofactor.totp_qr_svg(device) if device else "", "secret": device.key if device else "",
    })  # fmt: skip
