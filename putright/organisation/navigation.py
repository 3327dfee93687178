"""The staff menu: the pages a staff member's menu offers, by their role, and which of them is the one open.

Worked out here rather than in the template: a template testing each page's address against the request's was
about a millisecond of every staff page (each `{% url %}`, `{% if %}` and attribute of the lazily loaded user costs).
"""

from __future__ import annotations

from dataclasses import dataclass

from putright.core.fixed_urls import fixed_url, fixed_urls
from putright.organisation.models import User


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool  # the page open now: marked as the current one


# (label, URL name), in the menu's order, in groups by who is offered them.
_EVERYONE_FIRST = [("Today", "cases:today"), ("My cases", "cases:my_cases"), ("Team", "cases:team_cases")]
_WHOLE_QUEUE = [
    ("All cases", "cases:all_cases"),
    ("Contacts to triage", "cases:contacts"),
    ("Reports", "reporting:dashboard"),
    ("Ombudsman", "ombudsman:list"),
    ("Learning", "learning:list"),
]
_EVERYONE_THEN = [
    ("Customer requests", "cases:customer_requests"),
    ("Log a contact", "cases:log"),
    ("Search", "cases:search"),
]
_ADMINISTRATOR = [("Import", "imports:start")]
_ACCESS_LOG = [("Access log", "audit:access_log"), ("Records", "records:home")]


def staff_menu(user: User, path: str) -> list[MenuItem]:
    """The menu of a signed-in staff member (not the Member Responsible, who has the reports' own) on page `path`.

    "Configuration" (the admin site) is never marked current: its pages are the admin's, without this menu.
    """
    named = [*_EVERYONE_FIRST]
    if user.sees_whole_queue:
        named += _WHOLE_QUEUE
    named += _EVERYONE_THEN
    if user.is_administrator:
        named += _ADMINISTRATOR
    if user.reads_access_log:
        named += _ACCESS_LOG
    urls = fixed_urls([name for _, name in named])
    items = [MenuItem(label, url, current=url == path) for (label, _), url in zip(named, urls, strict=True)]
    if user.is_administrator or user.is_superuser:
        items.append(MenuItem("Configuration", fixed_url("admin:index"), current=False))
    return items
