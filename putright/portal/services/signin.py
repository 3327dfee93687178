"""Customer sign-in by a single-use emailed link, and the customer's session. No passwords, no staff account.

1. `ask_for_link` always does the same work and gives the same answer, whether or not the address has cases, so
   the page cannot be used to find out who has complained. The link is emailed (through the notifications outbox)
   only when the address has cases.
2. The link's token is random, stored only as a hash, works once and expires (PUTRIGHT_SIGN_IN_LINK_MINUTES).
   Following it shows a button; pressing it (a POST) signs in, so mail scanners that fetch links sign nobody in.
3. A signed-in customer is a verified email address in the session: not a Django user, so staff pages and
   councillor pages see an anonymous visitor.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from putright.notifications.choices import MessageLanguage
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import queue_email
from putright.organisation.selectors import current_organisation
from putright.portal.access import cases_for_customer
from putright.portal.models import SignInLink

SESSION_EMAIL = "portal:customer_email"
SESSION_SINCE = "portal:customer_since"
MESSAGE_NAME = "portal_sign_in"  # the outbox's template_name for these emails


def normalise_email(raw: str) -> str:
    return raw.strip().lower()


def hash_token(token: str) -> str:
    # The token is 256 random bits, so a fast hash is enough: there is nothing to guess.
    return hashlib.sha256(token.encode()).hexdigest()


def ask_for_link(*, email: str, site_url: str, language: str, now: datetime | None = None) -> SignInLink:
    """Record a sign-in link for `email` and, if it has cases, queue the email that carries it."""
    now = now or timezone.now()
    email = normalise_email(email)
    token = secrets.token_urlsafe(32)
    minutes = settings.PUTRIGHT_SIGN_IN_LINK_MINUTES
    with transaction.atomic():
        link = SignInLink.objects.create(
            email=email, token_hash=hash_token(token), expires_at=now + timedelta(minutes=minutes)
        )
        if cases_for_customer(email).exists():
            url = site_url.rstrip("/") + reverse("portal:sign_in_link", args=[token])
            _queue_email(email=email, url=url, minutes=minutes, language=language)
            link.was_sent = True
            link.save(update_fields=["was_sent"])
    return link


LINK_REMOVED = "[sign-in link removed once sent]"


def without_links(text: str) -> str:
    """`text` with every sign-in link (whatever site address it was built with) replaced by LINK_REMOVED."""
    prefix = reverse("portal:sign_in_link", args=["TOKEN"]).split("TOKEN")[0]
    return re.sub(r"(?:https?://[^\s\"'<>/]+)?" + re.escape(prefix) + r"[A-Za-z0-9_\-]+/?", LINK_REMOVED, text)


def _queue_email(*, email: str, url: str, minutes: int, language: str) -> OutboundMessage:
    """An ad-hoc outbox email (no case, no template file in notifications); sent after the transaction commits."""
    language = MessageLanguage.WELSH if language == "cy" else MessageLanguage.ENGLISH
    organisation = current_organisation()
    context = {"url": url, "minutes": minutes, "organisation": organisation}
    with translation.override(language):
        subject = " ".join(render_to_string("portal/email/sign_in_subject.txt", context).split())
        body_text = render_to_string("portal/email/sign_in_body.txt", context)
        body = render_to_string("portal/email/sign_in_body.html", context)
    return queue_email(
        template_name=MESSAGE_NAME,
        to_address=email,
        subject=subject,
        body_text=body_text,
        body_html=body,
        language=language,
    )


def usable_link(token: str, now: datetime | None = None) -> SignInLink | None:
    """The link for this token if it can still be used (not used, not expired); a read, for the GET page."""
    now = now or timezone.now()
    return SignInLink.objects.filter(token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=now).first()


def use_link(token: str, now: datetime | None = None) -> str | None:
    """Spend the link and return its verified email address, or None if it is unknown, used or expired.

    One conditional UPDATE: of two requests racing with the same link, exactly one gets the address.
    """
    now = now or timezone.now()
    spent = SignInLink.objects.filter(
        token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=now, was_sent=True
    ).update(used_at=now)
    if spent != 1:
        return None
    return SignInLink.objects.get(token_hash=hash_token(token)).email


def sign_in(session: SessionBase, email: str, now: datetime | None = None) -> None:
    # A new session key on sign-in, so a session id planted before it is worth nothing after.
    session.cycle_key()
    session[SESSION_EMAIL] = normalise_email(email)
    session[SESSION_SINCE] = (now or timezone.now()).isoformat()


def sign_out(session: SessionBase) -> None:
    session.pop(SESSION_EMAIL, None)
    session.pop(SESSION_SINCE, None)
    session.cycle_key()


def signed_in_email(session: SessionBase, now: datetime | None = None) -> str | None:
    """The verified email address of the signed-in customer, or None (never signed in, or signed in too long ago)."""
    email = session.get(SESSION_EMAIL)
    since = session.get(SESSION_SINCE)
    if not email or not since:
        return None
    try:
        started = datetime.fromisoformat(str(since))
    except ValueError:
        return None
    if (now or timezone.now()) - started > timedelta(minutes=settings.PUTRIGHT_CUSTOMER_SESSION_MINUTES):
        return None
    return str(email)


def remove_expired_links(now: datetime) -> int:
    """Delete sign-in links a day after they expired: they can no longer be used, and each holds an address."""
    deleted, _ = SignInLink.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
    return deleted
