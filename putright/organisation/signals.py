"""What the organisation app publishes (core.signals) for apps above it to act on."""

from __future__ import annotations

from dataclasses import dataclass

from putright.organisation.models import User

# An administrator gave or took away a colleague's "may see all restricted cases" (the staff admin page).
RESTRICTED_ACCESS_CHANGED = "staff.restricted_access_changed"


@dataclass(frozen=True)
class RestrictedAccessChange:
    user: User
    changed_by: User
    granted: bool
