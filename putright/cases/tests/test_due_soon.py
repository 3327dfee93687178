"""'Due soon' is one rule: the queues' amber and the staff alerts count the same working days
(PUTRIGHT_DUE_SOON_WORKING_DAYS), so a council that changes it sees both move together."""

from __future__ import annotations

from datetime import date

import pytest

from putright.cases.selectors import Rag, due_soon_limit, rag_for
from putright.notifications.alerts import deadlines
from putright.organisation.selectors import current_organisation
from putright.procedures.selectors import calendar_for

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 3, 2)
THURSDAY = date(2026, 3, 5)


@pytest.mark.parametrize(("working_days", "thursday"), [(2, Rag.ON_TRACK), (3, Rag.DUE_SOON)])
def test_the_queues_amber_follows_the_due_soon_setting(settings, organisation, working_days, thursday):
    settings.PUTRIGHT_DUE_SOON_WORKING_DAYS = working_days
    assert rag_for(THURSDAY, MONDAY, due_soon_limit(MONDAY)) == thursday


def test_the_queues_and_the_alerts_agree_on_the_last_day_due_soon(settings, organisation):
    settings.PUTRIGHT_DUE_SOON_WORKING_DAYS = 4
    calendar = calendar_for(current_organisation())
    alerts_limit = deadlines.due_soon_limit(MONDAY, calendar, settings.PUTRIGHT_DUE_SOON_WORKING_DAYS)
    assert due_soon_limit(MONDAY) == alerts_limit == date(2026, 3, 6)
