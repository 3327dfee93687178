"""Staff sign-in: the password page (also the Django admin's sign-in), single sign-on with the council's identity
provider, and the second step (a code from an authenticator app, its set-up and recovery codes)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from putright.core.forms import GovukForm
from putright.portal import sso, two_factor

logger = logging.getLogger(__name__)
SSO_NEXT = "putright_sso_next"


def safe_next(request: HttpRequest, default: str | None = None) -> str:
    """The `next` page asked for, if it is on this site; otherwise the signed-in landing page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default or reverse(settings.LOGIN_REDIRECT_URL)


class StaffSignInView(auth_views.LoginView):
    """Django's sign-in (django-axes counts its failures), with the council's sign-in beside it, and passwords
    refused altogether when PUTRIGHT_LOCAL_PASSWORDS is off. After the password comes the second step."""

    template_name = "staff/sign_in.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "local_passwords": settings.PUTRIGHT_LOCAL_PASSWORDS,
            "sso_button": settings.PUTRIGHT_OIDC_BUTTON if sso.configured() else "",
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PUTRIGHT_LOCAL_PASSWORDS:
            # Never checked, so never a way in (nor a way to lock someone out).
            context = self.get_context_data(form=self.get_form_class()(request), passwords_off=True)
            return render(request, self.template_name, context, status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        self.request.session.pop(two_factor.SECOND_STEP, None)
        step = two_factor.second_step_for(form.get_user())
        if step is None:
            return response
        target = reverse("two_factor_verify" if step == "code" else "two_factor_setup")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': self.get_success_url()})}")


def sso_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the council's identity provider (a link, not a form: CSP's form-action would stop a
    form's redirect to another site)."""
    if not sso.configured():
        raise Http404("Not found")
    request.session[SSO_NEXT] = safe_next(request)
    try:
        return sso.client().authorize_redirect(request, request.build_absolute_uri(reverse("sso_callback")))
    except Exception as error:  # the provider's discovery document could not be read
        logger.warning("Single sign-on could not start: %s", error)
        return render(request, "staff/sso_refused.html", {"reason": provider_unreachable()}, status=502)


def provider_unreachable() -> str:
    return "We could not reach your council's sign-in service. Try again in a few minutes."


def sso_callback(request: HttpRequest) -> HttpResponse:
    """The identity provider sends the browser back here with a code; the ID token it is exchanged for says who
    the person is and which groups they are in."""
    if not sso.configured():
        raise Http404("Not found")
    from authlib.integrations.base_client import OAuthError  # with the client: only single sign-on loads Authlib

    try:
        token = sso.client().authorize_access_token(request)
        userinfo = token.get("userinfo")
        if not userinfo:
            raise OAuthError(description="no ID token")
        user = sso.account_for(sso.read_claims(dict(userinfo)))
    except sso.SignInRefused as refused:
        return render(request, "staff/sso_refused.html", {"reason": str(refused)}, status=403)
    except Exception as error:  # OAuthError (a bad or replayed answer), a bad signature, the provider down
        logger.warning("Single sign-on failed: %s", error)
        reason = "Signing in with your council account did not work. Go back to the sign-in page and try again."
        return render(request, "staff/sso_refused.html", {"reason": reason}, status=400)
    next_page = request.session.pop(SSO_NEXT, "") or reverse(settings.LOGIN_REDIRECT_URL)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    two_factor.mark_second_step_done(request, "identity provider")
    return HttpResponseRedirect(next_page)


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )
    code.govuk_class = "govuk-input--width-10"  # type: ignore[attr-defined]


def wrong_code_message(request: HttpRequest, advice: str) -> str:
    if two_factor.must_wait(request.user):
        return f"The code is not right, or came too soon after a wrong one. Wait a few seconds. {advice}"
    return f"The code is not right. {advice}"


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: the code from the authenticator app, or a recovery code."""
    next_page = safe_next(request)
    if two_factor.second_step_done(request) or two_factor.second_step_for(request.user) != "code":
        return HttpResponseRedirect(next_page)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        how = two_factor.check_code(request, form.cleaned_data["code"])
        if how is not None:
            if how == "recovery code":
                left = two_factor.recovery_codes_left(request.user)
                messages.info(
                    request,
                    f"You used a recovery code; it will not work again. You have {left} left. "
                    "Make new ones from Two-factor authentication if you are running out.",
                )
            return HttpResponseRedirect(next_page)
        form.add_error("code", wrong_code_message(request, "Check your authenticator app and enter the newest code"))
    return render(request, "staff/two_factor/verify.html", {"form": form, "next": next_page})


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then enter a code from it."""
    next_page = safe_next(request)
    if two_factor.has_authenticator(request.user) and not two_factor.second_step_done(request):
        # Replacing an app needs its code (or a recovery code) first: a password alone must not be enough.
        return HttpResponseRedirect(f"{reverse('two_factor_verify')}?next={reverse('two_factor_setup')}")
    device = two_factor.pending_authenticator(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_authenticator(request, device, form.cleaned_data["code"])
        if codes is not None:
            request.session[two_factor.NEW_RECOVERY_CODES] = codes
            return HttpResponseRedirect(f"{reverse('two_factor_recovery_codes')}?{urlencode({'next': next_page})}")
        form.add_error("code", wrong_code_message(request, "Check the app shows PutRight and enter its newest code"))
    context = {
        "form": form,
        "next": next_page,
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.secret_for_typing(device),
        "required": getattr(request.user, "needs_second_factor", False),
        "replacing": two_factor.has_authenticator(request.user),
    }
    return render(request, "staff/two_factor/setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Recovery codes: the new ones once, just after they are made; otherwise how many are left, and new ones."""
    if request.method == "POST":
        if not (two_factor.has_authenticator(request.user) and two_factor.second_step_done(request)):
            return HttpResponseRedirect(reverse("two_factor_setup"))
        request.session[two_factor.NEW_RECOVERY_CODES] = two_factor.make_recovery_codes(request.user)
        return HttpResponseRedirect(reverse("two_factor_recovery_codes"))
    context = {
        "codes": request.session.pop(two_factor.NEW_RECOVERY_CODES, None),
        "left": two_factor.recovery_codes_left(request.user),
        "has_authenticator": two_factor.has_authenticator(request.user),
        "next": safe_next(request),
    }
    return render(request, "staff/two_factor/recovery_codes.html", context)
