"""Staff pages for messages: those that failed, a retry button, and letters to download."""

from __future__ import annotations

import hmac
import json
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages as flash
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from putright.cases.access import get_case_for
from putright.core.views import SignedInRequest, staff_view
from putright.notifications.choices import InboundOutcome
from putright.notifications.inbound import notify_callbacks
from putright.notifications.inbound.receive import receive_email_stream
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound import services
from putright.notifications.selectors import failed_messages_visible_to
from putright.organisation.models import User


def _message_for(user: User, token: UUID, action: str) -> OutboundMessage:
    """The message if the user may see its case; the same 404 for "no such message" and "not yours"."""
    message = OutboundMessage.objects.select_related("case").filter(token=token).first()
    if message is None:
        raise Http404("No message with that reference")
    if message.case is not None:
        get_case_for(user, message.case.reference, "view" if action == "view" else "edit")
    elif not user.sees_whole_queue:
        raise Http404("No message with that reference")
    return message


@staff_view
def failed_messages(request: SignedInRequest) -> HttpResponse:
    user = request.user
    rows = list(failed_messages_visible_to(user)[:200])
    return render(request, "notifications/failed.html", {"failed": rows})


@staff_view
@require_POST
def retry_message(request: SignedInRequest, token: UUID) -> HttpResponse:
    user = request.user
    message = _message_for(user, token, "edit")
    try:
        services.retry(message=message, actor=user)
    except services.MessageError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, f"“{message.subject}” will be sent again.")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(reverse("notifications:failed"))


@staff_view
def letter_pdf(request: SignedInRequest, token: UUID) -> HttpResponse:
    user = request.user
    message = _message_for(user, token, "view")
    if not message.is_letter or not message.document:
        raise Http404("This letter has not been produced yet")
    reference = message.case.reference if message.case else "letter"
    with message.document.open("rb") as pdf:  # a letter is tens of kilobytes: no need to stream it
        response = HttpResponse(pdf.read(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{reference}-{message.template_name}.pdf"
    )
    # A letter carries a customer's name and address: no copy is kept by the browser or any cache on the way.
    response["Cache-Control"] = "no-store, private"
    return response


# --- inbound email from the mail provider -------------------------------------------------------------------------


@csrf_exempt  # a machine posts here, authenticated by the shared secret header instead of a session
@require_POST
def inbound_email(request: HttpRequest) -> HttpResponse:
    """The provider POSTs the raw RFC 822 message; 2xx means it is safely recorded, so the provider may forget it."""
    secret = settings.INBOUND_EMAIL_SECRET
    if not secret:
        raise Http404("Inbound email by HTTP is not switched on")
    given = request.headers.get("X-PutRight-Inbound-Secret", "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return JsonResponse({"error": "forbidden"}, status=403)
    # Any exception becomes a 500, so the provider keeps the message and tries again.
    result = receive_email_stream(request)
    status = 200 if result.outcome == InboundOutcome.DUPLICATE else 202
    return JsonResponse({"outcome": result.outcome, "reference": result.reference}, status=status)


# --- GOV.UK Notify callbacks --------------------------------------------------------------------------------------


def _notify_callback(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    """The callback's JSON body if it carries the bearer token set in Notify; otherwise the answer to give."""
    token = settings.NOTIFY_CALLBACK_TOKEN
    if not token:
        raise Http404("GOV.UK Notify callbacks are not switched on")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return JsonResponse({"error": "forbidden"}, status=403)
    try:
        payload = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "The body is not JSON"}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": "The body is not a JSON object"}, status=400)
    return payload


@csrf_exempt  # Notify posts here, authenticated by the bearer token instead of a session
@require_POST
def notify_delivery_receipt(request: HttpRequest) -> HttpResponse:
    payload = _notify_callback(request)
    if isinstance(payload, HttpResponse):
        return payload
    try:
        message = notify_callbacks.record_delivery_receipt(payload)
    except notify_callbacks.CallbackError as error:
        return JsonResponse({"error": str(error)}, status=400)
    # An unknown id is answered 200 too: Notify would otherwise retry a receipt that will never match.
    return JsonResponse({"message": str(message.token) if message else None, "recorded": message is not None})


@csrf_exempt
@require_POST
def notify_received_text(request: HttpRequest) -> HttpResponse:
    payload = _notify_callback(request)
    if isinstance(payload, HttpResponse):
        return payload
    try:
        received = notify_callbacks.receive_text(payload)
    except notify_callbacks.CallbackError as error:
        return JsonResponse({"error": str(error)}, status=400)
    text = received.text
    where = {"case": text.case.reference} if text.case else {"contact": text.contact_id}
    return JsonResponse(where, status=202 if received.is_new else 200)
