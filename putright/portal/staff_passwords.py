"""Staff passwords: changing one's own, and resetting a forgotten one by an emailed link.

Django's own views and forms do the work (the validators in AUTH_PASSWORD_VALIDATORS, the single-use token that
expires after PASSWORD_RESET_TIMEOUT). What is ours: the reset email goes through the notifications outbox, like
every other email (so it is sent by SMTP or GOV.UK Notify, whichever the organisation uses), and its link is removed
from the stored email once it has gone.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string
from django.urls import reverse

from putright.core.forms import GovukFormMixin
from putright.notifications.choices import MessageLanguage
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import queue_email
from putright.organisation.selectors import current_organisation

MESSAGE_NAME = "staff_password_reset"  # the outbox's template_name for these emails
LINK_REMOVED = "[password reset link removed once sent]"


def reset_minutes() -> int:
    return int(settings.PASSWORD_RESET_TIMEOUT // 60)


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email queued in the outbox instead of sent straight to the mail server."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        url = settings.PUTRIGHT_SITE_URL + path
        queue_reset_email(to_email=to_email, url=url)


def queue_reset_email(*, to_email: str, url: str) -> OutboundMessage:
    context = {"url": url, "minutes": reset_minutes(), "organisation": current_organisation()}
    return queue_email(
        template_name=MESSAGE_NAME,
        to_address=to_email,
        subject=" ".join(render_to_string("staff/email/password_reset_subject.txt", context).split()),
        body_text=render_to_string("staff/email/password_reset_body.txt", context),
        body_html=render_to_string("staff/email/password_reset_body.html", context),
        language=MessageLanguage.ENGLISH,
    )


def without_reset_links(text: str) -> str:
    """`text` with every password reset link (whatever site address it was built with) replaced by LINK_REMOVED."""
    prefix = reverse("password_reset_confirm", kwargs={"uidb64": "UID", "token": "TOKEN"}).split("UID")[0]
    return re.sub(
        r"(?:https?://[^\s\"'<>/]+)?" + re.escape(prefix) + r"[A-Za-z0-9_\-]+/[A-Za-z0-9_\-]+/?", LINK_REMOVED, text
    )


# --- the forms, in GOV.UK markup and plain English -----------------------------------------------------------

CHOOSING_HINT = (
    "At least 12 characters. Not a password many people use, and not like your name, username or email address. "
    "A few unrelated words together are easy to remember and hard to guess."
)
NOT_THE_SAME = "The two new passwords are not the same. Type the new password again"


def _plain_new_password_fields(form: SetPasswordForm) -> None:
    form.fields["new_password1"].label = "New password"
    form.fields["new_password1"].help_text = CHOOSING_HINT
    form.fields["new_password2"].label = "Type the new password again"
    form.fields["new_password2"].help_text = ""
    form.error_messages = {**form.error_messages, "password_mismatch": NOT_THE_SAME}


class StaffSetPasswordForm(GovukFormMixin, SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_new_password_fields(self)


class StaffPasswordChangeForm(GovukFormMixin, PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        _plain_new_password_fields(self)
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not right. Enter it again",
        }


class StaffPasswordResetForm(GovukFormMixin, OutboxPasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = "Your work email address"
        field.help_text = "The address your staff account uses."
        field.error_messages = {
            **field.error_messages,
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        }
