"""Make an API key for another system and print it once: `manage.py create_api_key "Housing system" --scope write`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.api.choices import Scope
from putright.api.keys import APIKeyError, create_api_key
from putright.organisation.models import ServiceArea


class Command(BaseCommand):
    help = "Make an API key for another system; the key is printed once and only its hash is kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The system the key is for, e.g. 'Contact centre CRM'")
        parser.add_argument("--scope", choices=Scope.values, default=Scope.READ)
        parser.add_argument(
            "--service", action="append", default=[], help="A service slug the key is limited to (repeat for more)"
        )
        parser.add_argument("--restricted", action="store_true", help="The key may read restricted cases")

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = options["service"]
        services = list(ServiceArea.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {service.slug for service in services})
        if unknown:
            raise CommandError(f"No service with the slug {', '.join(unknown)} (see /api/v1/services/)")
        try:
            new = create_api_key(
                name=options["name"],
                scope=Scope(options["scope"]),
                actor=None,
                services=services,
                may_see_restricted=options["restricted"],
            )
        except APIKeyError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"Key for {new.key.name} ({new.key.get_scope_display().lower()}). It is shown only now:")
        self.stdout.write(new.token)
