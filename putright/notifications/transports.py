"""The slow part: handing one claimed message to the mail server, or rendering its letter. No database locks here."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives

from putright.notifications.choices import MessageChannel
from putright.notifications.models import OutboundMessage


class PermanentError(Exception):
    """A message that can never be sent as it stands (no address, unknown channel): retrying will not help."""


def send_email(message: OutboundMessage) -> str:
    """Send through the MAILERS setting with the row's own Message-ID, so a resend is recognisably the same mail."""
    if not message.to_address.strip():
        raise PermanentError("There is no email address to send to.")
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address.strip()],
        headers={**message.extra_headers, "Message-ID": message.message_id},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    email.send(using=getattr(settings, "PUTRIGHT_MAILER", "default"))
    return ""


def render_letter(message: OutboundMessage) -> str:
    """Render the letter to PDF and keep it with the message; posting it is done by people (the print room)."""
    import weasyprint  # imported here: it loads Pango, which only letter rendering needs

    pdf = weasyprint.HTML(string=message.body_html).write_pdf()
    message.document.save(f"{message.token}.pdf", ContentFile(pdf), save=False)
    return ""


def deliver_one(message: OutboundMessage) -> str:
    """Send or render the message by its channel; return the provider's reference, if any."""
    if message.channel == MessageChannel.EMAIL:
        return send_email(message)
    if message.channel == MessageChannel.LETTER:
        return render_letter(message)
    # Text messages need GOV.UK Notify, which is not built yet.
    raise PermanentError(f"Messages by {message.get_channel_display().lower()} cannot be sent yet.")
