"""Who can be named on a case: staff who work cases, never an administrator (configuration only)."""

from __future__ import annotations

import pytest

from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.organisation.selectors import assignable_staff


@pytest.mark.django_db
def test_an_administrator_cannot_be_named_lead_officer_handler_or_owner(complaints_officer, lead_officer):
    admin = User.objects.create_user(username="ada", role=Role.ADMINISTRATOR, is_staff=True)
    workers = set(assignable_staff())
    assert {complaints_officer, lead_officer} <= workers
    assert admin not in workers
