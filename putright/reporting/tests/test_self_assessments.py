"""More than one Code self-assessment a year: the annual one and another after a significant change (Code 8.3);
the annual report shows the latest the governing body approved."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from putright.cases.models import Case
from putright.core.errors import RuleError
from putright.reporting import services
from putright.reporting.annual import annual_report
from putright.reporting.models import SelfAssessment
from putright.reporting.selectors import assessment_for_report, report_settings_for

pytestmark = pytest.mark.django_db


def _start(client, **data):
    return client.post(reverse("reporting:self_assessments", kwargs={"year": 2025}), data)


def _approve(client, number: int, day: date):
    return client.post(
        reverse("reporting:governing_body_response", kwargs={"year": 2025, "number": number}),
        {
            "approved_on_0": str(day.day),
            "approved_on_1": str(day.month),
            "approved_on_2": str(day.year),
            "approved_with_provisions_not_assessed": "on",  # the rows are not assessed in these tests
        },
    )


def test_a_second_assessment_after_a_merger_is_numbered_and_the_report_shows_the_latest_approved(
    client, manager, organisation, frozen_today
):
    client.force_login(manager)
    assert _start(client, reason="annual").status_code == 302
    again = _start(client, reason="annual")  # the annual one is started once: starting again opens it
    assert again.url == reverse("reporting:self_assessment", kwargs={"year": 2025, "number": 1})
    opened = client.get(again.url).content.decode()
    assert "The annual self-assessment for 2025-26 already exists: here it is" in opened
    needs_change = _start(client, reason="significant_change", change="")
    assert needs_change.status_code == 200
    assert "Describe the significant change the assessment follows" in needs_change.content.decode()
    merged = _start(client, reason="significant_change", change="Merger with the repairs company")
    assert merged.url == reverse("reporting:self_assessment", kwargs={"year": 2025, "number": 2})
    assert [(a.number, a.why) for a in SelfAssessment.objects.filter(year=2025).order_by("number")] == [
        (1, "annual"),
        (2, "after a significant change: Merger with the repairs company"),
    ]

    # Neither approved: the report shows the latest started.
    assert assessment_for_report(2025).number == 2
    assert _approve(client, 1, date(2026, 3, 18)).status_code == 302
    assert assessment_for_report(2025).number == 1  # approved beats merely started

    listing = client.get(reverse("reporting:self_assessments", kwargs={"year": 2025})).content.decode()
    assert "After a significant change: Merger with the repairs company" in listing
    assert "18 March 2026" in listing

    assert _approve(client, 2, date(2026, 3, 18))  # the same day: the later one wins.status_code == 302
    report = annual_report(
        manager,
        Case.objects.none(),
        2025,
        organisation=organisation,
        settings=report_settings_for(organisation),
        today=date(2026, 6, 1),
    )
    assert report.assessment is not None and report.assessment.number == 2
    page = client.get(reverse("reporting:annual"), {"year": "2025"}).content.decode()
    assert "approved by the governing body on 18 March 2026" in page


def test_approval_cannot_come_before_the_assessment_or_after_today(manager):
    assessment = services.start_self_assessment(year=2025, actor=manager, today=date(2025, 6, 2))
    with pytest.raises(RuleError):
        services.record_governing_body_response(
            assessment=assessment,
            ombudsman_letter_summary="",
            response="",
            response_date=None,
            approved_on=date(2025, 6, 1),
            today=date(2025, 7, 1),
            actor=manager,
        )
    with pytest.raises(RuleError):
        services.record_governing_body_response(
            assessment=assessment,
            ombudsman_letter_summary="",
            response="",
            response_date=None,
            approved_on=date(2025, 8, 1),
            today=date(2025, 7, 1),
            actor=manager,
        )


def test_approving_a_second_assessment_without_the_letter_keeps_the_years_letter(
    client, manager, organisation, frozen_today
):
    """The ombudsman's letter, other reports and the governing body's response belong to the year's report."""
    client.force_login(manager)
    _start(client, reason="annual")
    url = reverse("reporting:governing_body_response", kwargs={"year": 2025, "number": 1})
    first = client.post(
        url,
        {
            "ombudsman_letter_summary": "The ombudsman found two cases of delay.",
            "other_ombudsman_reports": "Spotlight report on damp and mould: we reviewed our inspections.",
            "governing_body_response": "The cabinet accepts the findings.",
            "governing_body_response_date_0": "18",
            "governing_body_response_date_1": "3",
            "governing_body_response_date_2": "2026",
            "approved_on_0": "18",
            "approved_on_1": "3",
            "approved_on_2": "2026",
            "approved_with_provisions_not_assessed": "on",
        },
    )
    assert first.status_code == 302
    _start(client, reason="significant_change", change="Merger with the repairs company")
    assert _approve(client, 2, date(2026, 3, 18)).status_code == 302  # approved, no letter given
    assert assessment_for_report(2025).number == 2

    page = client.get(reverse("reporting:annual"), {"year": "2025"}).content.decode()
    assert "approved by the governing body on 18 March 2026" in page
    assert "The ombudsman found two cases of delay." in page
    assert "Spotlight report on damp and mould: we reviewed our inspections." in page
    assert "The cabinet accepts the findings." in page
    assert "No summary of the ombudsman&#x27;s annual letter has been recorded." not in page
    # The second assessment's approval page offers the year's letter, so saving it again keeps it.
    form = client.get(reverse("reporting:governing_body_response", kwargs={"year": 2025, "number": 2}))
    assert "The ombudsman found two cases of delay." in form.content.decode()


def test_approving_with_provisions_not_assessed_needs_a_tick_saying_how_many(client, manager, frozen_today):
    client.force_login(manager)
    _start(client, reason="annual")
    assessment = SelfAssessment.objects.get(year=2025)
    total = assessment.rows.count()
    row_url = reverse("reporting:self_assessment_row", kwargs={"year": 2025, "number": 1, "provision": "1.2"})
    assert client.post(row_url, {"complies": "yes", "evidence": "Policy", "commentary": ""}).status_code == 302
    url = reverse("reporting:governing_body_response", kwargs={"year": 2025, "number": 1})
    form = client.get(url).content.decode()
    assert f"The governing body approved it with {total - 1} Code provisions not assessed" in form
    approval = {"approved_on_0": "18", "approved_on_1": "3", "approved_on_2": "2026"}
    refused = client.post(url, approval)
    assert refused.status_code == 200
    assert f"{total - 1} Code provisions are not assessed yet" in refused.content.decode()
    assessment.refresh_from_db()
    assert assessment.approved_on is None
    assert client.post(url, {**approval, "approved_with_provisions_not_assessed": "on"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.approved_on == date(2026, 3, 18)

    # "Not assessed yet" sets a row back.
    assert client.post(row_url, {"complies": "not_assessed", "evidence": "", "commentary": ""}).status_code == 302
    assert assessment.rows.get(provision="1.2").complies is None
    assert "Not assessed yet" in client.get(row_url).content.decode()


def test_the_governing_body_response_date_is_not_in_the_future_nor_before_the_assessment(client, manager, frozen_today):
    client.force_login(manager)
    _start(client, reason="annual")  # assessed on 18 March 2026, today
    url = reverse("reporting:governing_body_response", kwargs={"year": 2025, "number": 1})
    for day, message in (
        ("19", "The date the governing body&#x27;s response must be today or in the past"),
        ("17", "The date the governing body&#x27;s response cannot be before the assessment was made (18 March 2026)"),
    ):
        refused = client.post(
            url,
            {
                "governing_body_response": "Accepted.",
                "governing_body_response_date_0": day,
                "governing_body_response_date_1": "3",
                "governing_body_response_date_2": "2026",
            },
        )
        assert refused.status_code == 200
        assert message in refused.content.decode()
    assert SelfAssessment.objects.get(year=2025).governing_body_response_date is None
