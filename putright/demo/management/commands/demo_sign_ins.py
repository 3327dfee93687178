"""Print the demo sign-ins: who to sign in as to try each role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from putright.demo import text
from putright.demo.two_factor import demo_key_for_typing, demo_two_factor_usernames
from putright.organisation.models import User

# The sign-ins worth trying first, in the order a visitor would want them.
HIGHLIGHTED = (
    "officer",
    "leader",
    "leader2",
    "head",
    "manager",
    "s.quinn",
    "dpo",
    "admin",
    "socialcare",
    "cllr.ashcombe",
    "member",
)


class Command(BaseCommand):
    help = "List the demo sign-ins (usernames, roles and the shared demo password)."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {user.username: user for user in User.objects.filter(username__in=HIGHLIGHTED)}
        if not users:
            self.stdout.write("No demo organisation loaded (run `manage.py seed_demo`).")
            return
        self.stdout.write(f"PutRight demo: {settings.PUTRIGHT_SITE_URL}/")
        self.stdout.write(f"Staff sign in: {settings.PUTRIGHT_SITE_URL}{reverse('login')}")
        self.stdout.write(f"Every demo sign-in uses the password: {text.DEMO_PASSWORD}")
        width = max(len(name) for name in users)
        for username in HIGHLIGHTED:
            user = users.get(username)
            if user is None:
                continue
            what = user.get_role_display()
            if user.job_title:
                what = f"{what}: {user.job_title}"
            if user.team_id:
                what = f"{what} ({user.team})"
            self.stdout.write(f"  {username:<{width}}  {user.get_full_name()}, {what}")
        if two_factor := demo_two_factor_usernames():
            shown = [name for name in HIGHLIGHTED if name in two_factor]
            rest = len(two_factor) - len(shown)
            self.stdout.write(
                f"  {', '.join(shown)}{f' and {rest} other social care staff' if rest else ''} also need a code "
                "from an authenticator app (two-factor authentication):"
            )
            self.stdout.write(f"    add the demo key {demo_key_for_typing()} to one (time-based, 6 digits),")
            self.stdout.write("    or print the code now with: .venv/bin/python manage.py demo_code")
        others = User.objects.filter(username__in=[row[0] for row in text.STAFF]).exclude(username__in=HIGHLIGHTED)
        if others.exists():
            self.stdout.write(f"  ... and {others.count()} more officers (see Django admin as `admin`).")
