"""Second-factor enrolment and verification, and staff's view of signed-in sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from congress import otp, sessions
from congress.forms import OTPCodeForm
from congress.models import UserSession
from congress.permissions import require_perm


@login_required
def second_factor(request):
    required = request.user.has_role(*otp.settings.OTP_REQUIRED_ROLES) if otp.settings.OTP_REQUIRED_ROLES else False
    return render(
        request,
        "registration/2fa_status.html",
        {"enabled": user_has_device(request.user, confirmed=True), "required": required},
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return redirect("otp_verify")
    device = otp.totp_pending(request.user)
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.totp_confirm(user=request.user, token=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", _("That code is not right. Check the time on your phone and try the newest code."))
        else:
            device.refresh_from_db()
            otp_login(request, device)  # the code just given counts for this session
            return render(request, "registration/2fa_codes.html", {"codes": codes})
    return render(
        request,
        "registration/2fa_setup.html",
        {"form": form, "qr": otp.qr_data_uri(device), "secret": otp.secret_base32(device)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_verify(request):
    target = request.GET.get("next") or request.POST.get("next") or "/me/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/me/"
    if request.user.is_verified() or not user_has_device(request.user, confirmed=True):
        return redirect(target)
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.verify(user=request.user, token=form.cleaned_data["code"])
        if device is None:
            form.add_error("code", _("That code is not right, or it was already used."))
        else:
            otp_login(request, device)
            return redirect(target)
    return render(request, "registration/2fa_verify.html", {"form": form, "next": target})


@login_required
@require_POST
def recovery_codes(request):
    if not request.user.is_verified():
        return redirect("otp_verify")
    return render(request, "registration/2fa_codes.html", {"codes": otp.recovery_codes_renew(user=request.user)})


@login_required
@require_POST
def second_factor_disable(request):
    if otp.settings.OTP_REQUIRED_ROLES and request.user.has_role(*otp.settings.OTP_REQUIRED_ROLES):
        messages.error(request, _("Your role must use a second factor; it cannot be turned off."))
    elif request.user.is_verified() or not user_has_device(request.user, confirmed=True):
        otp.second_factor_disable(user=request.user)
        messages.success(request, _("The second factor is off."))
    return redirect("otp_status")


@require_perm("congress.manage_sessions")
def session_list(request):
    qs = UserSession.objects.filter(ended_at__isnull=True).select_related("user")
    raw = request.GET.get("user", "")
    if raw.isdigit():
        qs = qs.filter(user_id=int(raw))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "congress/sessions.html", {"page_obj": page})


@require_perm("congress.manage_sessions")
@require_POST
def session_end(request, pk):
    if sessions.session_end(session_id=pk, actor=request.user):
        messages.success(request, _("The session was ended; that user is signed out at their next request."))
    else:
        messages.error(request, _("That session has already ended."))
    return redirect("session_list")
