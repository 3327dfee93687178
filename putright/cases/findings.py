"""Root causes and the staff complained about, recorded with each response (docs/rules.md, "Root causes")."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from putright.cases.models import RootCause, Stage, StageFinding
from putright.core.errors import RuleError
from putright.organisation.models import User


def record_finding(
    *, stage: Stage, root_cause: RootCause | None, staff: Sequence[User], actor: User
) -> StageFinding | None:
    """Keep what the response found. Nothing is kept when neither a cause nor a member of staff was given."""
    if root_cause is None and not staff:
        return None
    if root_cause is not None and root_cause.is_staff_conduct and not staff:
        raise RuleError("Select the member of staff the complaint is about", "staff_complained_about")
    if any(not person.is_case_worker for person in staff):
        raise RuleError("Only members of staff can be named as complained about", "staff_complained_about")
    with transaction.atomic():
        finding, _created = StageFinding.objects.update_or_create(
            stage=stage, defaults={"root_cause": root_cause, "recorded_by": actor}
        )
        finding.staff_complained_about.set(staff)
    return finding
