"""Revoke an API key by its prefix (the part before the dot): `manage.py revoke_api_key 1a2b3c4d`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.api.keys import revoke_api_key
from putright.api.models import APIKey


class Command(BaseCommand):
    help = "Revoke an API key: calls made with it are refused from now on."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        key = APIKey.objects.filter(prefix=options["prefix"].strip()).first()
        if key is None:
            raise CommandError(f"No API key with the prefix {options['prefix']}")
        revoke_api_key(key=key)
        self.stdout.write(f"Revoked {key}")
