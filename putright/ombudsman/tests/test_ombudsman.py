"""The ombudsman stage: referrals, decisions in each ombudsman's own words, remedies and compliance."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from putright.cases.choices import EventKind
from putright.core.errors import TransitionError
from putright.ombudsman import services
from putright.ombudsman.choices import Decision, RemedyKind
from putright.ombudsman.models import OmbudsmanReferral
from putright.ombudsman.selectors import remedies_overdue
from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.procedures.choices import Ombudsman

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 3, 2)


@pytest.fixture
def case(make_case, lead_officer):
    return make_case(received_at=datetime(2025, 10, 1, 10, tzinfo=LONDON), lead=lead_officer)


@pytest.fixture
def restricted_case(make_case, adult_social_care):
    return make_case(
        received_at=datetime(2025, 10, 1, 10, tzinfo=LONDON), procedure="adult-social-care", service=adult_social_care
    )


@pytest.fixture
def referral(case, complaints_officer):
    return services.refer_to_ombudsman(
        case=case,
        actor=complaints_officer,
        ombudsman=Ombudsman.HOUSING,
        referred_date=date(2026, 1, 5),
        ombudsman_reference="202501234",
        enquiry_received_date=date(2026, 1, 5),
        response_due_date=date(2026, 1, 26),
        today=TODAY,
    )


def events_of(case, kind):
    return list(case.events.filter(kind=kind).values_list("summary", flat=True))


def test_referral_is_recorded_on_the_timeline(referral, case):
    assert referral.ombudsman == Ombudsman.HOUSING
    assert events_of(case, EventKind.OMBUDSMAN_REFERRED) == [
        "Taken to the Housing Ombudsman on 5 January 2026 (reference 202501234); our reply is due 26 January 2026."
    ]


def test_housing_complaints_go_to_the_housing_ombudsman_by_default(case, make_case, waste):
    assert services.default_ombudsman(case) == Ombudsman.HOUSING
    assert services.default_ombudsman(make_case(service=waste)) == Ombudsman.LGSCO


def test_a_second_undecided_referral_to_the_same_ombudsman_is_refused(referral, case, complaints_officer):
    with pytest.raises(TransitionError) as error:
        services.refer_to_ombudsman(
            case=case, actor=complaints_officer, ombudsman=Ombudsman.HOUSING, referred_date=TODAY, today=TODAY
        )
    assert error.value.field == "ombudsman"
    assert OmbudsmanReferral.objects.count() == 1


def test_referral_dates_cannot_be_in_the_future_or_out_of_order(case, complaints_officer):
    with pytest.raises(TransitionError) as future:
        services.refer_to_ombudsman(
            case=case, actor=complaints_officer, ombudsman="lgsco", referred_date=date(2026, 3, 3), today=TODAY
        )
    assert future.value.field == "referred_date"
    with pytest.raises(TransitionError) as early:
        services.refer_to_ombudsman(
            case=case,
            actor=complaints_officer,
            ombudsman="lgsco",
            referred_date=date(2026, 2, 2),
            enquiry_received_date=date(2026, 2, 1),
            today=TODAY,
        )
    assert early.value.field == "enquiry_received_date"
    assert not OmbudsmanReferral.objects.exists()


def test_decision_in_the_ombudsmans_vocabulary_is_recorded(referral, case, complaints_officer):
    services.record_decision(
        referral=referral,
        actor=complaints_officer,
        decision=Decision.MALADMINISTRATION,
        decision_date=date(2026, 2, 20),
        summary="Delay in repairs",
        today=TODAY,
    )
    referral.refresh_from_db()
    assert (referral.decision, referral.decision_date) == (Decision.MALADMINISTRATION, date(2026, 2, 20))
    assert events_of(case, EventKind.OMBUDSMAN_DECISION) == [
        "Housing Ombudsman decision of 20 February 2026: maladministration."
    ]


def test_a_decision_from_another_ombudsmans_vocabulary_is_refused(referral, complaints_officer):
    # "Upheld" is an LGSCO word; the Housing Ombudsman determines maladministration and the like.
    with pytest.raises(TransitionError) as error:
        services.record_decision(
            referral=referral, actor=complaints_officer, decision=Decision.UPHELD, decision_date=TODAY, today=TODAY
        )
    assert error.value.field == "decision"
    referral.refresh_from_db()
    assert referral.decision == ""


def test_the_database_refuses_a_decision_outside_the_vocabulary(referral):
    with pytest.raises(IntegrityError), transaction.atomic():
        OmbudsmanReferral.objects.filter(pk=referral.pk).update(decision=Decision.UPHELD, decision_date=TODAY)


def test_remedy_and_compliance_with_evidence(referral, case, complaints_officer):
    remedy = services.add_remedy(
        referral=referral,
        actor=complaints_officer,
        kind=RemedyKind.ORDER,
        description="Pay £300 for distress",
        amount=Decimal("300"),
        due_date=date(2026, 2, 27),
    )
    assert list(remedies_overdue(complaints_officer, TODAY)) == [remedy]
    with pytest.raises(TransitionError) as error:
        services.record_compliance(
            remedy=remedy, actor=complaints_officer, evidence=" ", completed_date=TODAY, today=TODAY
        )
    assert error.value.field == "evidence"
    services.record_compliance(
        remedy=remedy, actor=complaints_officer, evidence="BACS ref 991", completed_date=date(2026, 3, 1), today=TODAY
    )
    remedy.refresh_from_db()
    assert remedy.completed_date == date(2026, 3, 1) and not remedy.complied_on_time
    assert list(remedies_overdue(complaints_officer, TODAY)) == []
    assert events_of(case, EventKind.OMBUDSMAN_REMEDY_DONE) == [
        "Ombudsman order done on 1 March 2026 (late: due 27 February 2026): Pay £300 for distress"
    ]


# --- pages -----------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, case):
    response = client.get(reverse("ombudsman:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["councillor", "lead_officer"])
def test_councillors_and_investigating_officers_get_404(client, request, case, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("ombudsman:list")).status_code == 404
    assert client.get(reverse("ombudsman:refer", args=[case.reference])).status_code == 404


def test_restricted_case_is_404_for_staff_who_cannot_see_it(client, complaints_officer, restricted_case):
    client.force_login(complaints_officer)
    assert client.get(reverse("ombudsman:case", args=[restricted_case.reference])).status_code == 404
    assert client.get(reverse("ombudsman:refer", args=[restricted_case.reference])).status_code == 404


def test_complaints_officer_records_a_referral_and_decision_through_the_pages(client, complaints_officer, case):
    client.force_login(complaints_officer)
    page = client.get(reverse("ombudsman:refer", args=[case.reference]))
    assert page.status_code == 200 and b"Housing Ombudsman" in page.content
    response = client.post(
        reverse("ombudsman:refer", args=[case.reference]),
        {
            "ombudsman": "lgsco",
            "ombudsman_reference": "25 001 234",
            "referred_date_0": "5",
            "referred_date_1": "1",
            "referred_date_2": "2026",
        },
    )
    assert response.status_code == 302
    referral = OmbudsmanReferral.objects.get(case=case)
    decision_url = reverse("ombudsman:decision", args=[case.reference, referral.pk])
    form = client.get(decision_url)
    # Only the LGSCO's words are offered.
    assert b"Closed after initial enquiries" in form.content and b"Maladministration" not in form.content
    bad = client.post(decision_url, {"decision": "maladministration"})
    assert bad.status_code == 200 and b"govuk-error-summary" in bad.content
    assert b"Enter the date of the decision" in bad.content
    client.post(
        decision_url,
        {"decision": "upheld", "decision_date_0": "2", "decision_date_1": "2", "decision_date_2": "2026"},
    )
    referral.refresh_from_db()
    assert referral.decision == Decision.UPHELD
    listing = client.get(reverse("ombudsman:case", args=[case.reference]))
    assert b"Upheld" in listing.content and b"25 001 234" in listing.content


def test_the_list_shows_visible_referrals_only(client, complaints_officer, social_care_officer, restricted_case):
    services.refer_to_ombudsman(
        case=restricted_case,
        actor=social_care_officer,
        ombudsman="lgsco",
        referred_date=date(2026, 1, 5),
        ombudsman_reference="SECRET-1",
        today=TODAY,
    )
    client.force_login(complaints_officer)
    assert b"SECRET-1" not in client.get(reverse("ombudsman:list")).content
    statutory = User.objects.create_user(username="sam", role=Role.COMPLAINTS_OFFICER, can_see_restricted=True)
    client.force_login(statutory)
    assert b"SECRET-1" in client.get(reverse("ombudsman:list")).content


def test_a_reply_past_its_due_date_is_marked_overdue_until_it_is_sent(referral, complaints_officer):
    from putright.ombudsman.selectors import referrals_for_list

    [listed] = referrals_for_list(complaints_officer, date(2026, 1, 27))
    assert listed.reply_overdue
    [listed] = referrals_for_list(complaints_officer, date(2026, 1, 26))
    assert not listed.reply_overdue  # due today is not yet overdue
    OmbudsmanReferral.objects.filter(pk=referral.pk).update(responded_date=date(2026, 1, 27))
    [listed] = referrals_for_list(complaints_officer, date(2026, 2, 1))
    assert not listed.reply_overdue


def test_an_administrator_reads_referrals_but_gets_no_forms_and_cannot_record_a_decision(client, referral, case):
    admin = User.objects.create_user(username="ada", role=Role.ADMINISTRATOR)
    client.force_login(admin)
    page = client.get(reverse("ombudsman:case", args=[case.reference])).content.decode()
    assert "Awaiting decision" in page
    assert reverse("ombudsman:decision", args=[case.reference, referral.pk]) not in page
    assert reverse("ombudsman:refer", args=[case.reference]) not in page
    refused = client.post(
        reverse("ombudsman:decision", args=[case.reference, referral.pk]),
        {"decision": "upheld", "decision_date": "2026-01-10"},
    )
    assert refused.status_code == 403
    referral.refresh_from_db()
    assert referral.decision == ""
