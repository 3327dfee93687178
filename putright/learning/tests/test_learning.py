"""Learning actions: raised only from upheld findings, tracked to done with evidence, listed when overdue."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from putright.cases import lifecycle
from putright.cases.choices import EventKind, Outcome
from putright.core.errors import TransitionError
from putright.core.periods import financial_year
from putright.learning import selectors, services
from putright.learning.choices import ActionStatus
from putright.learning.models import LearningAction
from putright.ombudsman import services as ombudsman_services

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 1, 20)


def answered(make_case, actor, outcome, **kwargs):
    case = make_case(received_at=datetime(2025, 12, 1, 10, tzinfo=LONDON), **kwargs)
    return lifecycle.respond(
        case=case, actor=actor, outcome=outcome, reasons="Because.", responded_on=date(2025, 12, 10), today=TODAY
    )


@pytest.fixture
def upheld(make_case, complaints_officer):
    return answered(make_case, complaints_officer, Outcome.UPHELD)


@pytest.fixture
def partly(make_case, complaints_officer):
    return answered(make_case, complaints_officer, Outcome.PARTLY_UPHELD, last_name="Smith")


@pytest.fixture
def not_upheld(make_case, complaints_officer):
    return answered(make_case, complaints_officer, Outcome.NOT_UPHELD, last_name="Brown")


def raise_action(cases, actor, owner, due=date(2026, 2, 27)):
    return services.raise_learning_action(
        cases=cases,
        actor=actor,
        title="Check damp reports within 5 days",
        finding="You told us damp reports were not inspected",
        owner=owner,
        due_date=due,
        today=TODAY,
    )


def test_an_action_from_several_upheld_cases_is_on_each_timeline(upheld, partly, complaints_officer, lead_officer):
    action = raise_action([upheld, partly], complaints_officer, lead_officer)
    assert set(action.cases.all()) == {upheld, partly}
    for case in (upheld, partly):
        assert case.events.filter(kind=EventKind.LEARNING_ACTION).count() == 1


def test_a_case_without_an_upheld_finding_is_refused(upheld, not_upheld, complaints_officer, lead_officer):
    with pytest.raises(TransitionError) as error:
        raise_action([upheld, not_upheld], complaints_officer, lead_officer)
    assert error.value.field == "cases"
    assert not_upheld.reference in error.value.message
    assert not LearningAction.objects.exists()


def test_an_ombudsman_finding_of_fault_is_enough(not_upheld, complaints_officer, lead_officer):
    referral = ombudsman_services.refer_to_ombudsman(
        case=not_upheld, actor=complaints_officer, ombudsman="housing", referred_date=date(2026, 1, 5), today=TODAY
    )
    ombudsman_services.record_decision(
        referral=referral,
        actor=complaints_officer,
        decision="service_failure",
        decision_date=date(2026, 1, 15),
        today=TODAY,
    )
    assert raise_action([not_upheld], complaints_officer, lead_officer).cases.get() == not_upheld


def test_overdue_and_you_said_we_did(upheld, partly, complaints_officer, lead_officer):
    late = raise_action([upheld], complaints_officer, lead_officer, due=date(2026, 1, 31))
    done = raise_action([partly], complaints_officer, lead_officer, due=date(2026, 1, 31))
    services.complete_learning_action(
        action=done,
        actor=complaints_officer,
        improvement="Damp reports are now inspected within 5 working days",
        evidence="Procedure v3",
        completed_date=date(2026, 1, 30),
        publish=True,
        today=date(2026, 2, 2),
    )
    assert list(selectors.overdue_actions(complaints_officer, date(2026, 2, 2))) == [late]
    assert list(selectors.you_said_we_did(complaints_officer, financial_year(2025))) == [done]
    assert list(selectors.you_said_we_did(complaints_officer, financial_year(2026))) == []


def test_done_needs_evidence(upheld, complaints_officer, lead_officer):
    action = raise_action([upheld], complaints_officer, lead_officer)
    with pytest.raises(TransitionError) as error:
        services.complete_learning_action(
            action=action,
            actor=complaints_officer,
            improvement="Changed",
            evidence="",
            completed_date=TODAY,
            publish=False,
            today=TODAY,
        )
    assert error.value.field == "evidence"
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningAction.objects.filter(pk=action.pk).update(status=ActionStatus.DONE)


def test_an_action_from_a_restricted_case_is_hidden_from_those_who_cannot_see_it(
    make_case, adult_social_care, social_care_officer, complaints_officer, client
):
    restricted = answered(
        make_case, social_care_officer, Outcome.UPHELD, procedure="adult-social-care", service=adult_social_care
    )
    raise_action([restricted], social_care_officer, social_care_officer)
    assert not selectors.actions_visible_to(complaints_officer).exists()
    assert selectors.actions_visible_to(social_care_officer).count() == 1


# --- pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["learning:list", "learning:new", "learning:you_said_we_did"])
def test_anonymous_signs_in_and_councillors_get_404(client, councillor, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(councillor)
    assert client.get(reverse(name)).status_code == 404


def test_raising_an_action_through_the_page(client, upheld, not_upheld, complaints_officer, lead_officer):
    client.force_login(complaints_officer)
    url = reverse("learning:new")
    form = {
        "case_references": f"{upheld.reference}, PR-1999-99999",
        "title": "Inspect damp within 5 days",
        "finding": "Damp reports were ignored",
        "owner": lead_officer.pk,
        "due_date_0": "27",
        "due_date_1": "2",
        "due_date_2": "2030",
    }
    unknown = client.post(url, form)
    assert b"No case with the reference PR-1999-99999" in unknown.content
    refused = client.post(url, form | {"case_references": not_upheld.reference})
    assert b"has no upheld finding" in refused.content and b"govuk-error-summary" in refused.content
    assert client.post(url, form | {"case_references": upheld.reference.lower()}).status_code == 302
    listing = client.get(reverse("learning:list")).content.decode()
    assert "Inspect damp within 5 days" in listing and upheld.reference in listing


@pytest.mark.usefixtures("frozen_today")  # 18 March 2026
def test_the_list_tags_as_overdue_exactly_the_actions_its_count_counts(
    client, upheld, partly, complaints_officer, lead_officer
):
    raise_action([upheld], complaints_officer, lead_officer, due=date(2026, 3, 17))  # due yesterday: overdue
    raise_action([partly], complaints_officer, lead_officer, due=date(2026, 3, 18))  # due today: not yet
    client.force_login(complaints_officer)
    listing = client.get(reverse("learning:list")).content.decode()
    assert "1 overdue learning action." in listing
    assert listing.count(">Overdue</strong>") == 1
    assert listing.index("17 Mar 2026") < listing.index(">Overdue</strong>") < listing.index("18 Mar 2026")
