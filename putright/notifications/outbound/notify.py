"""GOV.UK Notify as the channel for email, text messages and letters (MESSAGE_PROVIDER=notify).

Notify sends from templates kept in the council's Notify service. PutRight writes its own wording, so each channel
uses one generic template whose content is only placeholders: the email template has the subject ((subject)) and
the body ((body)); the text message template is ((body)). Letters are posted "precompiled": the PDF PutRight renders
(and keeps on the message, for staff and the portal) is the letter Notify prints, so letters need no template.

Identity: the outbox row's Message-ID, fixed when the row is written, goes to Notify as the `reference`; Notify's
notification id comes back and is kept as the message's provider reference. A worker that dies after Notify
accepted a message, but before the row was marked sent, leaves the message to be tried again; the next attempt
first asks Notify for notifications with that reference and records the one it finds instead of sending again.

Errors: a 4xx answer (other than 429, too many requests) means Notify will never accept the message as it stands:
a bad phone number, a trial key sending to a stranger, a letter PDF it cannot read. That is a PermanentError carrying
Notify's own words, which staff see on the failed-messages page. 429, 5xx and connection failures are
`NotifyUnavailable`, retried with the outbox's backoff.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from putright.notifications.choices import MessageChannel
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.errors import PermanentError


class NotifyUnavailable(Exception):
    """Notify could not be reached, was busy, or failed: try again later."""


_local = threading.local()  # the client keeps a requests.Session and is not thread-safe: one per thread


def client() -> NotificationsAPIClient:
    """This thread's client for the configured key and address, reusing its HTTP connection between messages."""
    key = (settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL, settings.NOTIFY_TIMEOUT)
    cached: tuple[tuple[str, str, int], NotificationsAPIClient] | None = getattr(_local, "client", None)
    if cached is None or cached[0] != key:
        api_key, base_url, timeout = key
        cached = (key, NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout))
        _local.client = cached
    return cached[1]


def reference_for(message: OutboundMessage) -> str:
    """The message's own identity, as Notify's `reference`: its Message-ID without the angle brackets."""
    return message.message_id.strip("<>")


def send(message: OutboundMessage) -> str:
    """Hand one claimed message to Notify (a letter's PDF must be rendered already); return Notify's id for it."""
    reference = reference_for(message)
    if message.attempt_count > 1:
        # An earlier attempt may have reached Notify with only the answer lost: never send it twice.
        earlier = _notification_with_reference(reference, message.channel)
        if earlier:
            return earlier
    address = message.to_address.strip()
    if message.channel == MessageChannel.EMAIL:
        if not address:
            raise PermanentError("There is no email address to send to.")
        personalisation = {"subject": message.subject, "body": message.body_text}
        response = _call(
            lambda notify: notify.send_email_notification(
                email_address=address,
                template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                personalisation=personalisation,
                reference=reference,
                email_reply_to_id=settings.NOTIFY_EMAIL_REPLY_TO_ID or None,
            )
        )
    elif message.channel == MessageChannel.SMS:
        if not address:
            raise PermanentError("There is no phone number to send the text message to.")
        response = _call(
            lambda notify: notify.send_sms_notification(
                phone_number=address,
                template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
                personalisation={"body": message.body_text},
                reference=reference,
            )
        )
    elif message.channel == MessageChannel.LETTER:
        if not message.document:
            raise PermanentError("The letter has no PDF to post.")
        with message.document.open("rb") as pdf:
            response = _call(
                lambda notify: notify.send_precompiled_letter_notification(
                    reference=reference, pdf_file=pdf, postage=settings.NOTIFY_LETTER_POSTAGE
                )
            )
    else:
        raise PermanentError(f"GOV.UK Notify cannot send messages by {message.channel!r}.")
    return str(response["id"])


def _notification_with_reference(reference: str, channel: str) -> str:
    """Notify's id for a notification already sent with this reference, or "" if there is none."""
    response = _call(lambda notify: notify.get_all_notifications(reference=reference, template_type=channel))
    notifications = response.get("notifications") or []
    return str(notifications[0]["id"]) if notifications else ""


def _call(request: Callable[[NotificationsAPIClient], Any]) -> Any:
    try:
        return request(client())
    except APIError as error:
        status = error.status_code
        if 400 <= status < 500 and status != 429:
            raise PermanentError(f"GOV.UK Notify refused the message ({status}): {_describe(error)}") from error
        raise NotifyUnavailable(f"GOV.UK Notify did not take the message ({status}): {_describe(error)}") from error


def _describe(error: APIError) -> str:
    """Notify's own explanation ("phone_number Not a UK mobile number"), or the connection failure."""
    if error.response is None and error.__cause__ is not None:
        return str(error.__cause__)
    detail = error.message
    if isinstance(detail, list):
        return "; ".join(str(item.get("message", item)) if isinstance(item, dict) else str(item) for item in detail)
    return str(detail)
