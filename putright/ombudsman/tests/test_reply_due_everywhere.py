"""The reply owed to an ombudsman's enquiry shows wherever staff look for what is due: the staff home page (the
complaints team's and the lead officer's), the case page's "What is due", and the ombudsman list, soonest first."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from putright.ombudsman import services
from putright.ombudsman.selectors import case_due_items
from putright.procedures.choices import Ombudsman

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]  # today is Wednesday 18 March 2026

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def refer(make_case, lead_officer, complaints_officer):
    def refer(reference: str, due: date | None, *, referred: date = date(2026, 3, 2)):
        case = make_case(received_at=datetime(2025, 10, 1, 10, tzinfo=LONDON), lead=lead_officer)
        referral = services.refer_to_ombudsman(
            case=case,
            actor=complaints_officer,
            ombudsman=Ombudsman.HOUSING,
            referred_date=referred,
            ombudsman_reference=reference,
        )
        if due is not None:
            services.record_enquiry(referral=referral, actor=complaints_officer, response_due_date=due)
        return referral

    return refer


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def line_of(text: str, reference: str) -> str:
    [line] = [li for li in re.findall(r"<li.*?</li>", text, re.S) if reference in li]
    return re.sub(r"<[^>]+>", "", line)


def test_the_complaints_team_and_the_lead_officer_see_the_reply_due_on_their_home_page(
    client, refer, complaints_officer, lead_officer, waste_leader
):
    late = refer("HO-LATE", date(2026, 3, 16))
    soon = refer("HO-SOON", date(2026, 3, 19))
    refer("HO-LATER", date(2026, 4, 30))  # weeks away: not today's work
    for user in (complaints_officer, lead_officer):
        today = page(client, user, reverse("cases:today"))
        assert "Ombudsman enquiries: our reply due" in today
        assert "HO-LATER" not in today
        assert today.index("HO-LATE") < today.index("HO-SOON")
        assert line_of(today, "HO-LATE") == (
            f"{late.case.reference}: Our reply to the Housing Ombudsman's enquiry (HO-LATE), due 16 Mar 2026 Overdue"
        )
        assert line_of(today, "HO-SOON").endswith("due 19 Mar 2026 Due soon")
    ombudsman_page = reverse("ombudsman:case", args=[soon.case.reference])
    assert f'href="{ombudsman_page}"' in page(client, complaints_officer, reverse("cases:today"))
    assert "Ombudsman enquiries" not in page(client, waste_leader, reverse("cases:today"))  # not their case


def test_a_reply_we_have_sent_is_no_longer_due(client, refer, complaints_officer):
    referral = refer("HO-SENT", date(2026, 3, 16))
    services.record_enquiry(
        referral=referral,
        actor=complaints_officer,
        response_due_date=date(2026, 3, 16),
        responded_date=date(2026, 3, 13),
    )
    assert "HO-SENT" not in page(client, complaints_officer, reverse("cases:today"))
    detail = page(client, complaints_officer, reverse("cases:detail", args=[referral.case.reference]))
    assert "Housing Ombudsman's enquiry" not in detail


def test_the_case_page_lists_the_reply_in_what_is_due(client, refer, lead_officer):
    referral = refer("HO-CASE", date(2026, 3, 16))
    detail = page(client, lead_officer, reverse("cases:detail", args=[referral.case.reference]))
    due = detail[detail.index('id="due"') : detail.index("Next step")]
    assert line_of(due, "HO-CASE") == (
        "Monday 16 March 2026 Overdue Our reply to the Housing Ombudsman's enquiry (HO-CASE)"
    )


def test_the_ombudsman_list_puts_the_soonest_reply_first(client, refer, complaints_officer):
    refer("HO-NODATE", None, referred=date(2026, 3, 10))
    refer("HO-APRIL", date(2026, 4, 30), referred=date(2026, 3, 9))
    refer("HO-OVERDUE", date(2026, 3, 16), referred=date(2026, 2, 1))
    refer("HO-MARCH", date(2026, 3, 25), referred=date(2026, 3, 5))
    listing = page(client, complaints_officer, reverse("ombudsman:list"))
    order = sorted(["HO-NODATE", "HO-APRIL", "HO-OVERDUE", "HO-MARCH"], key=listing.index)
    assert order == ["HO-OVERDUE", "HO-MARCH", "HO-APRIL", "HO-NODATE"]


def test_the_case_pages_reply_due_line_is_overdue_from_the_day_after_it_was_due(refer):
    """The line's read is built into SQL once (`core.prepared`): each day it is asked for gives that day's answer."""
    referral = refer("HO-DAYS", date(2026, 3, 19))
    for today, overdue in ((date(2026, 3, 18), False), (date(2026, 3, 19), False), (date(2026, 3, 20), True)):
        [item] = case_due_items(referral.case, today)
        assert item.due == date(2026, 3, 19) and item.overdue is overdue, today
