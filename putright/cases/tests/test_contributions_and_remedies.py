"""Contributions reach the officer asked and are chased; remedies are owned, chased and recorded as done; a case
closes with either outstanding only with a confirmed reason."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle, services
from putright.cases.choices import CaseStatus, EventKind, Outcome, RemedyType
from putright.cases.lifecycle import RemedyDetails, TransitionError
from putright.cases.models import Contribution, Remedy
from putright.notifications.alerts.work import send_work_alerts
from putright.notifications.models import OutboundMessage
from putright.organisation.models import Organisation, User
from putright.reporting.facts import refresh_case_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(lead_officer, waste_leader, organisation):
    User.objects.filter(pk=lead_officer.pk).update(email="liam@council.example")
    User.objects.filter(pk=waste_leader.pk).update(email="wendy@council.example")
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email="complaints@council.example")
    lead_officer.refresh_from_db()
    waste_leader.refresh_from_db()


@pytest.fixture
def responded(make_case, lead_officer):
    case = make_case(lead=lead_officer)
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="The roof leak was not repaired.")
    return lifecycle.respond(
        case=case,
        actor=lead_officer,
        outcome=Outcome.UPHELD,
        reasons="The repair was late.",
        remedies=[RemedyDetails(RemedyType.FINANCIAL, "Compensation for the delay", Decimal("150"), None)],
    )


def ask(case, lead_officer, waste_leader, waste, due=None):
    return services.request_contribution(
        case=case,
        service_area=waste,
        actor=lead_officer,
        request_note="Say when the bins were collected in March.",
        due_date=due or timezone.localdate() + timedelta(days=7),
        requested_from=waste_leader,
    )


# --- contributions ----------------------------------------------------------------------------------------------


def test_the_officer_asked_gets_an_email_and_sees_it_in_their_contributions(
    client, make_case, lead_officer, waste_leader, waste, emails
):
    case = make_case(lead=lead_officer)
    contribution = ask(case, lead_officer, waste_leader, waste)
    email = OutboundMessage.objects.get(template_name="staff_contribution_requested")
    assert email.to_address == "wendy@council.example" and "Say when the bins were collected" in email.body_text
    client.force_login(waste_leader)
    page = client.get(reverse("cases:my_contributions")).content.decode()
    assert case.reference in page and "Say when the bins were collected" in page
    client.force_login(lead_officer)  # asked by them, not of them
    assert case.reference not in client.get(reverse("cases:my_contributions")).content.decode()
    services.record_contribution(contribution=contribution, text="Collected on 3 and 17 March.", actor=waste_leader)
    client.force_login(waste_leader)
    assert case.reference not in client.get(reverse("cases:my_contributions")).content.decode()


def test_a_contribution_asked_of_a_service_reaches_its_team_and_head(
    frozen_today, client, make_case, lead_officer, waste_leader, waste, emails
):
    from putright.organisation.choices import Role

    head = User.objects.create_user(
        username="wes_head", role=Role.HEAD_OF_SERVICE, team=waste_leader.team, email="wes@council.example"
    )
    case = make_case(lead=lead_officer)
    services.request_contribution(
        case=case,
        service_area=waste,
        actor=lead_officer,
        request_note="Round sheets for March",
        due_date=timezone.localdate() + timedelta(days=5),
    )
    email = OutboundMessage.objects.get(template_name="staff_contribution_requested")
    assert email.to_address == head.email
    client.force_login(waste_leader)  # in the service asked: it is theirs to pick up
    assert case.reference in client.get(reverse("cases:my_contributions")).content.decode()


def test_a_contribution_cannot_be_needed_in_the_past_nor_asked_of_someone_who_cannot_open_the_case(
    make_case, lead_officer, waste_leader, waste, adult_social_care, social_care_officer
):
    case = make_case(lead=lead_officer)
    with pytest.raises(TransitionError, match="today or in the future"):
        ask(case, lead_officer, waste_leader, waste, due=timezone.localdate() - timedelta(days=1))
    restricted = make_case(procedure="adult-social-care", service=adult_social_care, title="Care visits")
    with pytest.raises(TransitionError, match="cannot open"):
        ask(restricted, social_care_officer, waste_leader, waste)
    assert not Contribution.objects.exists()


def test_contributions_due_soon_or_overdue_are_chased_once_a_day(make_case, lead_officer, waste_leader, waste, emails):
    case = make_case(lead=lead_officer)
    contribution = ask(case, lead_officer, waste_leader, waste)
    monday = date(2026, 3, 16)
    Contribution.objects.filter(pk=contribution.pk).update(due_date=date(2026, 3, 13))  # the Friday before
    first = send_work_alerts(today=monday)
    again = send_work_alerts(today=monday)
    assert (first.contributions, again.contributions, again.already) == (1, 0, 1)
    alert = OutboundMessage.objects.get(template_name="staff_contribution_due")
    assert alert.to_address == "wendy@council.example" and alert.subject.startswith("Overdue: contribution")
    Contribution.objects.filter(pk=contribution.pk).update(due_date=date(2026, 3, 30))  # two weeks off: quiet
    assert send_work_alerts(today=date(2026, 3, 17)).contributions == 0


def test_closing_with_a_contribution_outstanding_needs_a_confirmed_reason(
    client, responded, lead_officer, waste_leader, waste
):
    ask(responded, lead_officer, waste_leader, waste)
    Remedy.objects.update(completed_date=timezone.localdate(), evidence="Paid")  # only the contribution is owed
    client.force_login(lead_officer)
    url = reverse("cases:action", args=[responded.reference, "close"])
    page = client.get(url).content.decode()
    assert "Still outstanding on this case" in page and "Contribution from Waste and recycling" in page
    responded.refresh_from_db()
    unconfirmed = client.post(url, {"lock_version": responded.lock_version, "outstanding_reason": "Not needed"})
    assert "Confirm you are closing it anyway" in unconfirmed.content.decode()
    no_reason = client.post(url, {"lock_version": responded.lock_version, "outstanding_confirmed": "on"})
    assert "Enter why the case is closing with things outstanding" in no_reason.content.decode()
    responded.refresh_from_db()
    assert responded.status == CaseStatus.RESPONDED
    done = client.post(
        url,
        {
            "lock_version": responded.lock_version,
            "outstanding_confirmed": "on",
            "outstanding_reason": "The customer accepted the answer; waste records are not needed.",
        },
    )
    assert done.status_code == 302
    responded.refresh_from_db()
    assert responded.status == CaseStatus.CLOSED
    event = responded.events.get(kind=EventKind.CLOSED_WITH_OUTSTANDING)
    assert "waste records are not needed" in event.summary and not event.is_visible_to_customer
    assert event.data["outstanding"][0].startswith("Contribution from Waste and recycling")


def test_closing_with_nothing_outstanding_needs_no_reason(responded, lead_officer):
    Remedy.objects.update(completed_date=timezone.localdate(), evidence="Paid")
    case = lifecycle.close(case=responded, actor=lead_officer)
    assert case.status == CaseStatus.CLOSED and not case.events.filter(kind=EventKind.CLOSED_WITH_OUTSTANDING)


# --- remedies ---------------------------------------------------------------------------------------------------


def test_a_response_may_offer_several_remedies_each_with_an_owner(
    frozen_today, client, responded, lead_officer, waste_leader
):
    client.force_login(lead_officer)
    responded.refresh_from_db()
    due = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("cases:action", args=[responded.reference, "remedy"]),
        {
            "remedy_type": RemedyType.AMEND_RECORD,
            "description": "Correct the repair history",
            "owner": waste_leader.pk,
            "due_date_0": due.day,
            "due_date_1": due.month,
            "due_date_2": due.year,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    remedies = list(Remedy.objects.filter(stage__case=responded).order_by("pk"))
    assert [r.remedy_type for r in remedies] == [RemedyType.FINANCIAL, RemedyType.AMEND_RECORD]
    assert remedies[1].owner == waste_leader and remedies[1].due_date == due
    assert responded.events.filter(kind=EventKind.REMEDY_ADDED).exists()


def test_a_remedy_cannot_be_added_before_the_response(client, make_case, lead_officer):
    case = make_case(lead=lead_officer)
    with pytest.raises(TransitionError, match="Record the stage response first"):
        services.add_remedy(
            case=case,
            actor=lead_officer,
            remedy_type=RemedyType.APOLOGY,
            description="Apologise",
            owner=None,
            due_date=None,
        )


def test_a_remedy_is_recorded_as_done_with_its_evidence(client, responded, lead_officer):
    remedy = Remedy.objects.get(stage__case=responded)
    url = reverse("cases:remedy_done", args=[responded.reference, remedy.pk])
    client.force_login(lead_officer)
    assert "Compensation for the delay" in client.get(url).content.decode()
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    future = client.post(
        url, {"completed_on_0": tomorrow.day, "completed_on_1": tomorrow.month, "completed_on_2": tomorrow.year}
    ).content.decode()
    assert "Enter the evidence that it was done" in future
    future = client.post(
        url,
        {
            "completed_on_0": tomorrow.day,
            "completed_on_1": tomorrow.month,
            "completed_on_2": tomorrow.year,
            "evidence": "BACS 123",
        },
    ).content.decode()
    assert "must be today or in the past" in future and not Remedy.objects.get(pk=remedy.pk).is_done
    done = client.post(
        url,
        {
            "completed_on_0": today.day,
            "completed_on_1": today.month,
            "completed_on_2": today.year,
            "evidence": "BACS 123",
        },
    )
    assert done.status_code == 302
    remedy.refresh_from_db()
    assert remedy.completed_date == today and remedy.evidence == "BACS 123" and remedy.completed_by == lead_officer
    event = responded.events.get(kind=EventKind.REMEDY_DONE)
    assert "BACS 123" in event.summary
    page = client.get(reverse("cases:detail", args=[responded.reference])).content.decode()
    assert "Done " in page and "BACS 123" in page


def test_outstanding_remedies_page_as_each_person(
    client, responded, lead_officer, complaints_officer, waste_leader, councillor
):
    url = reverse("cases:outstanding_remedies")
    client.force_login(complaints_officer)  # the complaints team sees every case's
    assert responded.reference in client.get(url).content.decode()
    client.force_login(lead_officer)  # nobody owns it, so the lead officer answers for it
    assert responded.reference in client.get(url).content.decode()
    client.force_login(waste_leader)  # not theirs
    page = client.get(url)
    assert page.status_code == 200 and responded.reference not in page.content.decode()
    Remedy.objects.update(owner=waste_leader)  # until they own it
    assert responded.reference in client.get(url).content.decode()
    client.force_login(councillor)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).url.startswith("/sign-in/")


def test_remedy_done_is_hidden_on_a_restricted_case_from_other_teams(
    client, make_case, adult_social_care, social_care_officer, waste_leader, councillor
):
    case = make_case(procedure="adult-social-care", service=adult_social_care, title="Care visits")
    lifecycle.respond(
        case=case,
        actor=social_care_officer,
        outcome=Outcome.UPHELD,
        reasons="Visits were missed.",
        remedies=[RemedyDetails(RemedyType.APOLOGY, "Apologise in writing")],
    )
    remedy = Remedy.objects.get(stage__case=case)
    url = reverse("cases:remedy_done", args=[case.reference, remedy.pk])
    for outsider in (waste_leader, councillor):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"evidence": "x"}).status_code == 404
    client.force_login(social_care_officer)
    assert client.get(url).status_code == 200
    assert not Remedy.objects.get(pk=remedy.pk).is_done


def test_an_overdue_remedy_is_chased_with_its_owner(responded, lead_officer, emails):
    Remedy.objects.update(due_date=date(2026, 3, 13))
    run = send_work_alerts(today=date(2026, 3, 16))
    assert run.remedies == 1
    alert = OutboundMessage.objects.get(template_name="staff_remedy_due")
    assert alert.to_address == "liam@council.example" and "Compensation for the delay" in alert.body_text


def test_the_dashboard_counts_outstanding_and_overdue_remedies(frozen_today, client, responded, complaints_officer):
    Remedy.objects.update(due_date=timezone.localdate() - timedelta(days=3))
    refresh_case_facts(responded.pk)  # written straight to the remedy: its facts brought in step as the lifecycle would
    client.force_login(complaints_officer)
    response = client.get(reverse("reporting:dashboard"))
    figures = response.context["remedies"]
    assert (figures.outstanding_count, figures.overdue_count, figures.done_count) == (1, 1, 0)
    assert "Remedies today" in response.content.decode()


def test_the_case_page_says_who_was_asked_and_marks_an_overdue_contribution(
    frozen_today, client, make_case, lead_officer, waste_leader, waste
):
    case = make_case(lead=lead_officer)
    contribution = ask(case, lead_officer, waste_leader, waste)
    client.force_login(lead_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert f"Asked of {waste_leader}" in page and "govuk-tag--red" not in page
    Contribution.objects.filter(pk=contribution.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert 'govuk-tag--red">Overdue' in page


def test_a_remedy_given_to_someone_reaches_them_and_the_customer_sees_what_more_will_be_done(
    frozen_today, responded, lead_officer, waste_leader, emails
):
    due = timezone.localdate() + timedelta(days=10)
    services.add_remedy(
        case=responded,
        actor=lead_officer,
        remedy_type=RemedyType.AMEND_RECORD,
        description="Correct the repair history",
        owner=waste_leader,
        due_date=due,
    )
    email = OutboundMessage.objects.get(template_name="staff_remedy_assigned")
    assert email.to_address == "wendy@council.example"
    assert "Correct the repair history" in email.body_text and f"{due:%B}" in email.body_text
    added = responded.events.get(kind=EventKind.REMEDY_ADDED)
    assert added.is_visible_to_customer and "Correct the repair history" in added.summary
    assert "Wendy" not in added.summary  # who carries it out is for staff


def test_the_stage_2_reviewer_hears_the_case_is_theirs_on_escalation(
    frozen_today, responded, lead_officer, head_of_service
):
    User.objects.filter(pk=head_of_service.pk).update(email="harriet@council.example")
    head_of_service.refresh_from_db()
    lifecycle.escalate(case=responded, actor=lead_officer, handler=head_of_service, requested_on=timezone.localdate())
    email = OutboundMessage.objects.get(template_name="staff_stage_assigned")
    assert email.to_address == "harriet@council.example"
    assert responded.reference in email.subject and "Respond by:" in email.body_text


def test_the_lead_officer_hears_when_a_contribution_comes_in(make_case, lead_officer, waste_leader, waste, emails):
    case = make_case(lead=lead_officer)
    contribution = ask(case, lead_officer, waste_leader, waste)
    services.record_contribution(contribution=contribution, text="Collected on 3 and 17 March.", actor=waste_leader)
    email = OutboundMessage.objects.get(template_name="staff_contribution_received")
    assert email.to_address == "liam@council.example" and case.reference in email.subject

    again = ask(case, lead_officer, waste_leader, waste)
    services.record_contribution(contribution=again, text="And on 31 March.", actor=lead_officer)
    assert OutboundMessage.objects.filter(template_name="staff_contribution_received").count() == 1  # not to oneself


@pytest.mark.parametrize(
    ("remedy", "refusal"),
    [
        (RemedyDetails(RemedyType.APOLOGY, "  "), "Enter what will be done"),
        (RemedyDetails(RemedyType.FINANCIAL, "Time and trouble"), "Enter the amount of the financial remedy"),
        (RemedyDetails(RemedyType.APOLOGY, "Apologise in writing", owner=None), None),
    ],
)
def test_a_remedy_is_refused_alike_with_the_response_and_added_later(
    make_case, adult_social_care, social_care_officer, waste_leader, remedy, refusal
):
    """One rule for every remedy (Code 7.3), whether the response records it or it is added afterwards: what will
    be done, the amount when it is money, and an owner who may open the case."""
    case = make_case(procedure="adult-social-care", service=adult_social_care, title="Care visits")
    if refusal is None:  # the same remedy given to someone who cannot open this restricted case
        remedy = RemedyDetails(remedy.remedy_type, remedy.description, owner=waste_leader)
        refusal = f"{waste_leader} cannot open {case.reference}, which is restricted"
    with pytest.raises(TransitionError, match=refusal):
        lifecycle.respond(
            case=case, actor=social_care_officer, outcome=Outcome.UPHELD, reasons="Missed.", remedies=[remedy]
        )
    assert not Remedy.objects.filter(stage__case=case).exists()
    lifecycle.respond(case=case, actor=social_care_officer, outcome=Outcome.UPHELD, reasons="Missed.")
    with pytest.raises(TransitionError, match=refusal):
        services.add_remedy(
            case=case,
            actor=social_care_officer,
            remedy_type=remedy.remedy_type,
            description=remedy.description,
            owner=remedy.owner,
            due_date=None,
            amount=remedy.amount,
        )
    assert not Remedy.objects.filter(stage__case=case).exists()
