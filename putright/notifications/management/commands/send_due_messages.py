"""Send every message that is due or was left half-sent; run it from a scheduler every few minutes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from putright.notifications.outbound.services import send_due


class Command(BaseCommand):
    help = "Send outbox messages that are due, and those a stopped worker left claimed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="Send at most this many messages.")

    def handle(self, *args: Any, limit: int | None = None, **options: Any) -> None:
        result = send_due(limit=limit)
        self.stdout.write(f"Tried {result.tried} message(s); sent {result.sent}.")
