"""Which address PutRight's emails come from, and where a reply to them goes: decided here and nowhere else.

A reply must land where the inbound email path reads (`manage.py fetch_mail` reads the complaints mailbox), so that
a customer who answers one of our emails finds their words on their case:

- From: `DEFAULT_FROM_EMAIL` when the deployment sets one; else the organisation's complaints email (the demo sets
  nothing, so its emails come from the demo council's complaints address); else an address that cannot exist.
- Reply-To: the organisation's complaints email whenever the emails come from another address (a council that
  sends from a no-reply address still gets the replies in the mailbox PutRight reads).
"""

from __future__ import annotations

from django.conf import settings

from putright.organisation.selectors import current_organisation

NOWHERE = "complaints@putright.invalid"  # with no address configured at all: one that can never receive mail


def complaints_mailbox() -> str:
    return current_organisation().complaints_email.strip()


def sending_address() -> str:
    return settings.DEFAULT_FROM_EMAIL.strip() or complaints_mailbox() or NOWHERE


def reply_to_address() -> str:
    """The Reply-To for our emails, or "" when a reply to the From address already reaches the mailbox."""
    mailbox = complaints_mailbox()
    return mailbox if mailbox and mailbox.lower() != sending_address().lower() else ""


def is_our_own(address: str) -> bool:
    """An email from our own sending address: never answered automatically (no loop with ourselves)."""
    return address.strip().lower() == sending_address().lower()
