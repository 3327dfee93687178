"""Print the code the demo's authenticator key gives now (the demo's administrator and social care staff)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from putright.demo.two_factor import demo_code


class Command(BaseCommand):
    help = (
        "The demo's two-factor code now (changes every 30 seconds). Only the demo's published key; never a council's."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(demo_code())
