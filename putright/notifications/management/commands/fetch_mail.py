"""Fetch inbound email from the IMAP mailbox once (the scheduler also runs this every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.notifications.inbound.imap import MailboxError, fetch_from_settings


class Command(BaseCommand):
    help = "Fetch new email from the IMAP mailbox: new contacts, replies on cases, quarantine for the broken."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="Fetch at most this many messages.")

    def handle(self, *args: Any, limit: int | None = None, **options: Any) -> None:
        try:
            run = fetch_from_settings(limit=limit)
        except (MailboxError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Fetched: {run}.")
