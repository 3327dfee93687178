"""The demo's returns data: the Member Responsible for Complaints can sign in and read the figures, housing customers
have tenures, each year has its stock, and a restriction and the return dates are there to see."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from putright.core.periods import financial_year_of
from putright.demo.text import DEMO_PASSWORD
from putright.people.choices import Tenure
from putright.people.models import ContactRestriction, Customer
from putright.reporting import tsm
from putright.reporting.models import ReturnDate
from putright.reporting.reminders import send_return_reminders

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_demo_has_what_the_returns_pages_show(frozen_today, client):
    call_command("seed_demo", cases=120, no_progress=True, stdout=StringIO())
    call_command("seed_demo", cases=0, no_progress=True, stdout=StringIO())  # a second load adds nothing twice
    response = client.post(reverse("login"), {"username": "member", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("reporting:tsm")).status_code == 200
    assert Customer.objects.filter(tenure=Tenure.LOW_COST_RENTAL).exists()
    year = financial_year_of(timezone.localdate())
    assert tsm.year_end_stock(year) == {Tenure.LOW_COST_RENTAL: 9_650, Tenure.LOW_COST_HOME_OWNERSHIP: 564}
    assert ContactRestriction.objects.count() == 1
    assert ReturnDate.objects.count() == 5
    # No return is missed on a fresh demo (no "Missed" emails at start-up): past dates are done, two are to come.
    today = timezone.localdate()
    assert not ReturnDate.objects.filter(done_on__isnull=True, due_date__lt=today).exists()
    assert all(item.done_on < item.due_date for item in ReturnDate.objects.filter(due_date__lt=today))
    assert ReturnDate.objects.filter(done_on__isnull=True, due_date__gt=today).count() >= 2
    assert send_return_reminders(today=today).recorded == 0
