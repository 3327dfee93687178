"""Staff password pages: Django's own views, in the staff look. Changing needs a signed-in user (Django's views
say so themselves); resetting is for anyone, and answers the same whether or not the address has an account."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

from putright.portal.ratelimit import count, over_limit
from putright.portal.staff_passwords import (
    StaffPasswordChangeForm,
    StaffPasswordResetForm,
    StaffSetPasswordForm,
    reset_minutes,
)


class LocalPasswordsOnly:
    """The password pages close when everyone signs in through the council's identity provider."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PUTRIGHT_LOCAL_PASSWORDS:
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PasswordChangeView(LocalPasswordsOnly, auth_views.PasswordChangeView):
    # Django's view keeps the user signed in (update_session_auth_hash) and signs out their other sessions.
    form_class = StaffPasswordChangeForm
    template_name = "staff/password/change.html"


class PasswordChangeDoneView(LocalPasswordsOnly, auth_views.PasswordChangeDoneView):
    template_name = "staff/password/change_done.html"


class PasswordResetView(LocalPasswordsOnly, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "staff/password/reset.html"

    def form_valid(self, form: Any) -> HttpResponse:
        # Too many reset emails for one address: the same answer, and no email (so nobody can flood an inbox).
        email = form.cleaned_data["email"].strip().lower()
        if over_limit("password_reset_email", email, settings.PUTRIGHT_SIGN_IN_LINKS_PER_EMAIL_PER_HOUR):
            return HttpResponseRedirect(self.get_success_url())
        count("password_reset_email", email)
        return super().form_valid(form)


class PasswordResetDoneView(LocalPasswordsOnly, auth_views.PasswordResetDoneView):
    template_name = "staff/password/reset_sent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "minutes": reset_minutes()}


class PasswordResetConfirmView(LocalPasswordsOnly, auth_views.PasswordResetConfirmView):
    form_class = StaffSetPasswordForm
    template_name = "staff/password/reset_confirm.html"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Someone locked out for wrong passwords who has proved they own the account may sign in at once.
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(LocalPasswordsOnly, auth_views.PasswordResetCompleteView):
    template_name = "staff/password/reset_complete.html"
