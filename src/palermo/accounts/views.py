"""Sign-in, two-factor authentication, the user's own security page."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from palermo.accounts import services
from palermo.accounts.middleware import start_session_clock
from palermo.accounts.models import RecoveryCodeDevice
from palermo.accounts.selectors import (
    has_confirmed_device,
    passed_second_factor,
    signed_in_user,
)

SETUP_DEVICE = "palermo_setup_device"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=False):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class SignInView(LoginView):
    template_name = "accounts/login.html"
    form_class = AuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        start_session_clock(self.request)
        services.record_login(user=form.get_user())
        if settings.REQUIRE_2FA:
            step = "accounts:verify" if has_confirmed_device(form.get_user()) else "accounts:setup"
            return redirect(f"{reverse(step)}?next={self.get_success_url()}")
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        services.record_failed_login(username=form.data.get("username", ""), reason="password")
        return super().form_invalid(form)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: a TOTP code or a recovery code."""
    from palermo.accounts.forms import TokenForm

    if passed_second_factor(request.user):
        return redirect(_next_url(request))
    if not has_confirmed_device(request.user):
        return redirect("accounts:setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = services.normalise_token(form.cleaned_data["token"])
        devices = list(devices_for_user(request.user, confirmed=True))
        if not any(device.verify_is_allowed()[0] for device in devices):
            form.add_error("token", _("Too many wrong codes in a row. Wait a minute, then try "
                                      "the newest code."))
            return render(request, "accounts/verify.html", {"form": form,
                                                            "next": _next_url(request)})
        for device in devices:
            if device.verify_is_allowed()[0] and device.verify_token(token):
                otp_login(request, device)
                if isinstance(device, RecoveryCodeDevice):
                    messages.warning(
                        request,
                        _("You used a recovery code. It cannot be used again; "
                          "make new ones on your security page if you are running out."),
                    )
                return HttpResponseRedirect(_next_url(request))
        services.record_failed_login(username=request.user.get_username(), reason="second_factor")
        form.add_error(
            "token", _("That code is not right, or it has expired. Try the newest code.")
        )
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, type one code, keep the recovery codes."""
    from palermo.accounts.forms import ConfirmDeviceForm

    if has_confirmed_device(request.user) and not passed_second_factor(request.user):
        return redirect("accounts:verify")
    device = TOTPDevice.objects.filter(
        pk=request.session.get(SETUP_DEVICE), user=request.user, confirmed=False
    ).first()
    if device is None:
        device = services.start_totp_enrolment(user=signed_in_user(request))
        request.session[SETUP_DEVICE] = device.pk
    form = ConfirmDeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not device.verify_is_allowed()[0]:
        form.add_error("token", _("Too many wrong codes in a row. Wait a minute, then try "
                                  "the newest code."))
    elif request.method == "POST" and form.is_valid():
        codes = services.confirm_totp_enrolment(
            user=signed_in_user(request),
            device=device,
            token=form.cleaned_data["token"].replace(" ", ""),
        )
        if codes is not None:
            del request.session[SETUP_DEVICE]
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html",
                          {"codes": codes, "next": _next_url(request)})
        form.add_error("token", _("That code is not right. Check the time on your phone and try "
                                  "the newest code."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#111", light="#fff")
    return render(
        request,
        "accounts/setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": _base32(device), "next": _next_url(request)},
    )


def _base32(device: TOTPDevice) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own account: role, two-factor, recovery codes, sessions, password."""
    from palermo.accounts.forms import ChangeOwnPasswordForm

    user = signed_in_user(request)
    form = ChangeOwnPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        from django.contrib.auth import update_session_auth_hash
        from django.core.exceptions import ValidationError

        try:
            services.change_own_password(user=user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password was changed."))
            return redirect("accounts:security")
    return render(
        request,
        "accounts/security.html",
        {"form": form, "has_device": has_confirmed_device(user)},
    )


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if not passed_second_factor(request.user):
        return redirect("accounts:verify")
    codes = services.regenerate_recovery_codes(user=signed_in_user(request))
    return render(request, "accounts/recovery_codes.html",
                  {"codes": codes, "next": reverse("accounts:security")})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.record_logout(user=signed_in_user(request))
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    services.logout_everywhere(user=signed_in_user(request))
    logout(request)
    messages.info(request, _("You have been signed out on every device."))
    return redirect(settings.LOGOUT_REDIRECT_URL)
