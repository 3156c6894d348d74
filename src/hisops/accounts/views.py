"""A person's own password, and the security admin's password policy."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hisops.core.capabilities import Cap, require
from hisops.core.forms import REFUSED, on_form, run_service
from hisops.core.selectors import hospital_for_write

from . import selectors, services, twofactor
from .forms import (
    AccountFilter,
    AccountForm,
    DisableForm,
    PasswordChangeForm,
    PasswordPolicyForm,
    SecondFactorForm,
)
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


# The security admin's pages: accounts and access reviews.


@login_required
@require_http_methods(["GET", "POST"])
def account_list(request):
    """Every account of the hospital, with a form for a new one (its password is shown
    once; the person chooses their own at the first sign-in)."""
    found = AccountFilter(request.GET or None)
    data = found.cleaned_data if found.is_valid() else {}
    active = {"1": True, "0": False}.get(data.get("active", ""))
    accounts = selectors.user_list(
        user=request.user, q=data.get("q", ""), role=data.get("role", ""), active=active
    )
    hospital = hospital_for_write(user=request.user) if request.user.hospital_id else None
    form = AccountForm(request.POST or None, hospital=hospital, new=True) if hospital else None
    if form is not None and request.method == "POST" and form.is_valid():
        created = on_form(
            form,
            lambda: services.account_open(
                actor=request.user, hospital=hospital, **form.cleaned_data
            ),
        )
        if created is not REFUSED:
            user, password = created
            if password is None:
                messages.success(
                    request,
                    _("The account is made; the person signs in with the hospital directory."),
                )
                return redirect("account_detail", pk=user.pk)
            return render(
                request, "accounts/account_password.html", {"account": user, "password": password}
            )
    now = timezone.now()
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    rows = [(u, services.idle_days(u, now)) for u in page.object_list]
    return render(request, "accounts/account_list.html", {
        "filter": found, "form": form, "page": page, "rows": rows, "dormant_after": settings.HISOPS_DORMANT_DAYS,
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def account_detail(request, pk: int):
    """One account: change it, disable or enable it, reset its password."""
    account = selectors.user_get(user=request.user, pk=pk)
    initial = {f: getattr(account, f) for f in services.EDITABLE}
    form = AccountForm(None, hospital=account.hospital, new=False, initial=initial)
    disable = DisableForm(None)
    what = request.POST.get("do")
    if what == "save":
        form = AccountForm(request.POST, hospital=account.hospital, new=False, initial=initial)
        if form.is_valid() and on_form(form, lambda: services.user_update(
            actor=request.user, user=account, **{k: v for k, v in form.cleaned_data.items() if k in form.changed_data},
        )) is not REFUSED:  # fmt: skip
            messages.success(request, _("Saved."))
            return redirect("account_detail", pk=pk)
    elif what == "disable":
        disable = DisableForm(request.POST)
        if disable.is_valid() and on_form(disable, lambda: services.user_disable(
            actor=request.user, user=account, reason=disable.cleaned_data["reason"],
        )) is not REFUSED:  # fmt: skip
            messages.success(request, _("The account is disabled."))
            return redirect("account_detail", pk=pk)
    elif what == "enable":
        if run_service(
            request,
            lambda: services.user_enable(actor=request.user, user=account),
            _("The account is enabled."),
        ):
            return redirect("account_detail", pk=pk)
    elif what == "reset":
        password = on_form(
            disable, lambda: services.password_reset(actor=request.user, user=account)
        )
        if password is not REFUSED:
            return render(
                request,
                "accounts/account_password.html",
                {"account": account, "password": password},
            )
    return render(request, "accounts/account_detail.html", {
        "account": account, "form": form, "disable": disable, "idle_days": services.idle_days(account, timezone.now()),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def access_review_list(request):
    """定期权限核查: the reviews done, and the button that opens this quarter's."""
    reviews = selectors.access_review_list(user=request.user)
    if request.method == "POST":
        hospital = hospital_for_write(user=request.user)
        review = None

        def start():
            nonlocal review
            review = services.access_review_start(actor=request.user, hospital=hospital)

        if run_service(request, start, _("The review is open: keep or disable each account.")):
            return redirect("access_review_detail", pk=review.pk)
    return render(request, "accounts/access_review_list.html", {"reviews": reviews[:40]})


@login_required
@require_http_methods(["GET", "POST"])
def access_review_detail(request, pk: int):
    review = selectors.access_review_get(user=request.user, pk=pk)
    if request.method == "POST":
        if request.POST.get("do") == "complete":
            done = run_service(request, lambda: services.access_review_complete(actor=request.user, review=review),
                               _("The review is completed."))  # fmt: skip
        else:
            entry = get_object_or_404(review.entries, pk=request.POST.get("entry") or 0)
            done = run_service(request, lambda: services.access_review_decide(
                actor=request.user, entry=entry, decision=request.POST.get("do", ""), note=request.POST.get("note", ""),
            ), _("Saved."))  # fmt: skip
        if done:
            return redirect("access_review_detail", pk=pk)
    entries = review.entries.select_related("user", "user__department", "decided_by")
    return render(
        request, "accounts/access_review_detail.html", {"review": review, "entries": entries}
    )
