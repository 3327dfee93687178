"""How a send fails for good: raised by the transports (SMTP, GOV.UK Notify), read by the outbox."""

from __future__ import annotations


class PermanentError(Exception):
    """A message that can never be sent as it stands (no address, refused by Notify): retrying will not help."""
