"""The statutory social care annual reports, asserted exactly against a small data set built here for the financial
year 2025-26, and who may open them (only people who may see restricted cases).

Adult social care (SI 2009/309; one stage: acknowledge within 3 working days, respond within 6 months):
- P0 received 10 Mar 2025 (the year before), answered 2 Apr 2025, not upheld.
- P1 received 2 Jun 2025 (home care), acknowledged 4 Jun (due 5 Jun), answered 10 Jul, upheld.
- P2 received 3 Nov 2025 (charging), acknowledged 10 Nov (late: due 6 Nov), answered 20 Jan 2026, not upheld;
  referred to the LGSCO on 1 Mar 2026.
- P3 received 2 Mar 2026 (home care and charging), acknowledged 3 Mar, answered 25 Mar, partly upheld.
- P4 received 10 Feb 2026, open.
Children's social care (SI 2006/1738; three stages):
- R1 received 1 Jul 2025 through an advocate: stage 1 acknowledged 2 Jul, answered 14 Jul (due 15 Jul), not upheld;
  stage 2 asked for 21 Jul, answered 15 Aug, partly upheld; stage 3 asked for 1 Sep, answered 1 Oct, upheld.
- R2 received 6 Oct 2025 through the child's mother: acknowledged 7 Oct, due 20 Oct, extended to 27 Oct, answered
  24 Oct, upheld.
- R3 received 5 Jan 2026: acknowledged 6 Jan, due 19 Jan, answered 10 Feb (late), not upheld.
- R4 received 2 Mar 2026, open.
A housing complaint under the Code (H1, upheld, with a learning action) is counted in neither report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from putright.cases import lifecycle
from putright.cases.access import cases_visible_to
from putright.cases.choices import Outcome
from putright.cases.models import Case
from putright.learning import services as learning_services
from putright.learning.models import LearningAction
from putright.ombudsman import services as ombudsman_services
from putright.organisation.choices import Role
from putright.organisation.models import Category, Organisation, ServiceArea, Team, User
from putright.people.models import Representative
from putright.reporting.models import StatutoryReportCommentary
from putright.reporting.statutory import ADULT, CHILDREN, statutory_report
from putright.reporting.tests.conftest import LATER, LONDON, acknowledge, log, respond

pytestmark = pytest.mark.django_db

YEAR = 2025


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, tzinfo=LONDON)


@dataclass
class Statutory:
    organisation: Organisation
    cases: dict[str, Case]
    statutory_manager: User  # complaints officer who may see every restricted case
    statutory_head: User  # manager who may see every restricted case: may write the commentary
    adult_team_manager: User  # manager of the adult social care team: sees that service's cases only
    officer: User  # complaints officer without restricted access
    housing_lead: User  # investigating officer


@pytest.fixture(scope="module")
def data(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Statutory]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


def _represent(case: Case, name: str, relationship: str) -> None:
    representative = Representative.objects.create(
        customer=case.customer, name=name, relationship=relationship, has_consent=True
    )
    Case.objects.filter(pk=case.pk).update(representative=representative)


def _build() -> Statutory:
    organisation = Organisation.objects.create(
        name="Thornbury Vale District Council",
        nation="ENG",
        responsible_person="Dr Amara Okafor, Director of Adult Social Services",
    )
    adult = ServiceArea.objects.create(name="Adult social care", slug="adult-social-care", is_restricted=True)
    children = ServiceArea.objects.create(
        name="Children's social care", slug="childrens-social-care", is_restricted=True
    )
    housing = ServiceArea.objects.create(name="Housing repairs", slug="housing-repairs", is_housing=True)
    adult_team = Team.objects.create(name="Adult social care team", service_area=adult)
    children_team = Team.objects.create(name="Children's team", service_area=children)
    statutory_manager = User.objects.create_user(
        username="sam_statutory", role=Role.COMPLAINTS_OFFICER, can_see_restricted=True
    )
    statutory_head = User.objects.create_user(username="hetty_head", role=Role.MANAGER, can_see_restricted=True)
    adult_team_manager = User.objects.create_user(username="annie_adults", role=Role.MANAGER, team=adult_team)
    officer = User.objects.create_user(username="olly_officer", role=Role.COMPLAINTS_OFFICER)
    housing_lead = User.objects.create_user(username="harry_housing", role=Role.INVESTIGATING_OFFICER)
    adult_lead = User.objects.create_user(username="alf_adult", role=Role.INVESTIGATING_OFFICER, team=adult_team)
    children_lead = User.objects.create_user(username="cara_child", role=Role.INVESTIGATING_OFFICER, team=children_team)
    investigator = User.objects.create_user(username="ivan_investigator", role=Role.HEAD_OF_SERVICE)
    panel_officer = User.objects.create_user(username="pat_panel", role=Role.HEAD_OF_SERVICE)
    home_care = Category.objects.create(name="Home care", service_area=adult)
    charging = Category.objects.create(name="Charging", service_area=adult)
    cases: dict[str, Case] = {}

    def adult_case(received: datetime, categories=()) -> Case:
        return log(
            statutory_manager,
            received=received,
            service=adult,
            procedure="adult-social-care",
            lead=adult_lead,
            categories=categories,
        )

    p0 = adult_case(at(2025, 3, 10))
    acknowledge(p0, adult_lead, date(2025, 3, 11))
    cases["P0"] = respond(p0, adult_lead, date(2025, 4, 2), Outcome.NOT_UPHELD)
    p1 = adult_case(at(2025, 6, 2), [home_care])
    p1 = acknowledge(p1, adult_lead, date(2025, 6, 4))
    assert p1.current_stage.acknowledge_due_date == date(2025, 6, 5)
    cases["P1"] = respond(p1, adult_lead, date(2025, 7, 10), Outcome.UPHELD)
    p2 = adult_case(at(2025, 11, 3), [charging])
    p2 = acknowledge(p2, adult_lead, date(2025, 11, 10))
    assert p2.current_stage.acknowledge_due_date == date(2025, 11, 6)
    cases["P2"] = respond(p2, adult_lead, date(2026, 1, 20), Outcome.NOT_UPHELD)
    ombudsman_services.refer_to_ombudsman(
        case=cases["P2"], actor=statutory_manager, ombudsman="lgsco", referred_date=date(2026, 3, 1), today=LATER
    )
    p3 = adult_case(at(2026, 3, 2), [home_care, charging])
    acknowledge(p3, adult_lead, date(2026, 3, 3))
    cases["P3"] = respond(p3, adult_lead, date(2026, 3, 25), Outcome.PARTLY_UPHELD)
    cases["P4"] = adult_case(at(2026, 2, 10))

    def child_case(received: datetime) -> Case:
        return log(
            statutory_manager,
            received=received,
            service=children,
            procedure="childrens-social-care",
            lead=children_lead,
        )

    r1 = child_case(at(2025, 7, 1))
    _represent(r1, "Vale Advocacy", "Advocate (children's rights service)")
    r1 = acknowledge(r1, children_lead, date(2025, 7, 2))
    assert r1.current_stage.response_due_date == date(2025, 7, 15)
    r1 = respond(r1, children_lead, date(2025, 7, 14), Outcome.NOT_UPHELD)
    r1 = lifecycle.escalate(
        case=r1, actor=statutory_manager, requested_on=date(2025, 7, 21), handler=investigator, today=LATER
    )
    r1 = respond(r1, investigator, date(2025, 8, 15), Outcome.PARTLY_UPHELD)
    r1 = lifecycle.escalate(
        case=r1, actor=statutory_manager, requested_on=date(2025, 9, 1), handler=panel_officer, today=LATER
    )
    cases["R1"] = respond(r1, panel_officer, date(2025, 10, 1), Outcome.UPHELD)
    r2 = child_case(at(2025, 10, 6))
    _represent(r2, "Mary Smith", "Mother")
    r2 = acknowledge(r2, children_lead, date(2025, 10, 7))
    assert r2.current_stage.response_due_date == date(2025, 10, 20)
    r2 = lifecycle.extend(
        case=r2,
        actor=children_lead,
        new_due_date=date(2025, 10, 27),
        reason="Waiting for the social worker's notes",
        agreed_with_customer=True,
        customer_agreed_on=date(2025, 10, 17),
        today=date(2025, 10, 17),
    )
    cases["R2"] = respond(r2, children_lead, date(2025, 10, 24), Outcome.UPHELD)
    r3 = child_case(at(2026, 1, 5))
    r3 = acknowledge(r3, children_lead, date(2026, 1, 6))
    assert r3.current_stage.response_due_date == date(2026, 1, 19)
    cases["R3"] = respond(r3, children_lead, date(2026, 2, 10), Outcome.NOT_UPHELD)
    cases["R4"] = child_case(at(2026, 3, 2))

    h1 = log(statutory_manager, received=at(2025, 6, 2), service=housing, lead=housing_lead)
    acknowledge(h1, housing_lead, date(2025, 6, 3))
    cases["H1"] = respond(h1, housing_lead, date(2025, 6, 10), Outcome.UPHELD)

    def action(case_key: str, title: str, created: datetime) -> LearningAction:
        made = learning_services.raise_learning_action(
            cases=[cases[case_key]],
            actor=statutory_manager,
            title=title,
            finding=f"You said: {title.lower()}",
            owner=adult_lead,
            due_date=date(2026, 6, 30),
            today=date(2025, 8, 1),
        )
        LearningAction.objects.filter(pk=made.pk).update(created_at=created)
        return made

    done = action("P1", "Home care visits confirmed by text", at(2025, 8, 1))
    learning_services.complete_learning_action(
        action=done,
        actor=statutory_manager,
        improvement="Carers now text before each visit",
        evidence="Rota system change",
        completed_date=date(2025, 12, 1),
        publish=True,
        today=LATER,
    )
    action("P3", "Explain charges before care starts", at(2026, 3, 30))
    action("H1", "Repairs booked within 5 days", at(2025, 7, 1))
    return Statutory(
        organisation=organisation,
        cases=cases,
        statutory_manager=statutory_manager,
        statutory_head=statutory_head,
        adult_team_manager=adult_team_manager,
        officer=officer,
        housing_lead=housing_lead,
    )


def report(data: Statutory, user: User, kind=ADULT):
    return statutory_report(user, cases_visible_to(user), kind, YEAR, organisation=data.organisation, today=LATER)


def rows(items) -> dict[str, int]:
    return {row.label: row.count for row in items}


# --- adult social care ------------------------------------------------------------------------------------------


def test_adult_report_counts_received_well_founded_and_referred(data):
    figures = report(data, data.statutory_manager)
    assert figures.received == {1: 4}  # P1, P2, P3, P4 (P0 arrived the year before)
    # Decided in the year: P0 (not upheld, 2 April), P1 upheld, P2 not upheld, P3 partly upheld.
    assert (figures.well_founded.numerator, figures.well_founded.denominator) == (2, 4)
    assert figures.referred_to_ombudsman == 1
    assert [(row.label, row.referred, row.decided) for row in figures.ombudsman] == [
        ("Local Government and Social Care Ombudsman", 1, 0)
    ]


def test_adult_report_summarises_subjects_and_handling(data):
    figures = report(data, data.statutory_manager)
    assert rows(figures.subjects) == {"Charging": 2, "Home care": 2, "Not recorded": 1}
    assert rows(figures.by_service) == {"Adult social care": 4}
    [line] = figures.stage_lines
    assert (line.timeliness.acknowledged.numerator, line.timeliness.acknowledged.denominator) == (2, 3)  # P2 late
    assert (line.timeliness.responded.numerator, line.timeliness.responded.denominator) == (4, 4)
    assert figures.outcomes[0].counts == {
        "upheld": 1,
        "partly_upheld": 1,
        "not_upheld": 2,
        "resolved_early": 0,
        "withdrawn": 0,
    }


def test_adult_report_lists_learning_from_its_cases_only(data):
    learning = report(data, data.statutory_manager).learning
    # From P1 (raised August, done and published December) and P3 (raised March, open); H1's housing action is not.
    assert (learning.raised, learning.completed, learning.open_now) == (2, 1, 1)
    assert [action.improvement for action in learning.published] == ["Carers now text before each visit"]


# --- children's social care -------------------------------------------------------------------------------------


def test_children_report_counts_representations_by_stage(data):
    figures = report(data, data.statutory_manager, CHILDREN)
    assert figures.received == {1: 4, 2: 1, 3: 1}
    lines = {line.number: line for line in figures.stage_lines}
    assert [line.name for line in figures.stage_lines] == ["Local resolution", "Investigation", "Review panel"]
    # Stage 1 answered in the year: R1 on time, R2 within its extension only, R3 late.
    stage_1 = lines[1].timeliness
    assert (stage_1.responded_original.numerator, stage_1.responded_original.denominator) == (1, 3)
    assert (stage_1.responded.numerator, stage_1.responded.denominator) == (2, 3)
    assert lines[1].extensions.count == 1
    for number in (2, 3):
        timeliness = lines[number].timeliness
        assert (timeliness.responded.numerator, timeliness.responded.denominator) == (1, 1)


def test_children_report_outcomes_per_stage_and_advocacy(data):
    figures = report(data, data.statutory_manager, CHILDREN)
    assert [
        (row.stage, row.counts["upheld"], row.counts["partly_upheld"], row.counts["not_upheld"])
        for row in figures.outcomes
    ] == [
        (1, 1, 0, 2),
        (2, 0, 1, 0),
        (3, 1, 0, 0),
    ]
    advocacy = figures.advocacy
    assert (advocacy.received, advocacy.with_representative, advocacy.with_advocate) == (4, 2, 1)
    assert figures.referred_to_ombudsman == 0
    assert (figures.learning.raised, figures.learning.published) == (0, [])


def test_restricted_cases_do_not_reach_the_counts_of_someone_who_cannot_see_them(data):
    # The adult team's manager sees the adult cases (their service) but no children's case.
    assert report(data, data.adult_team_manager).received == {1: 4}
    children = report(data, data.adult_team_manager, CHILDREN)
    assert children.received == {1: 0, 2: 0, 3: 0}
    assert children.advocacy.received == 0
    # A complaints officer without restricted access would count nothing at all.
    assert report(data, data.officer).received == {1: 0}


# --- the pages --------------------------------------------------------------------------------------------------


def url(name: str, kind: str = "adult", **kwargs: Any) -> str:
    return reverse(name, kwargs={"kind": kind, **kwargs}) + ("" if kwargs else f"?year={YEAR}")


READ_PAGES = ["reporting:statutory", "reporting:statutory_print", "reporting:statutory_pdf"]


@pytest.mark.parametrize("name", READ_PAGES)
def test_anonymous_is_sent_to_sign_in(client, data, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", READ_PAGES)
@pytest.mark.parametrize("who", ["officer", "housing_lead"])
def test_people_who_cannot_see_restricted_cases_get_404(client, data, name, who):
    # A complaints officer reads the other reports, but not these: they may not see social care cases.
    client.force_login(getattr(data, who))
    assert client.get(url(name)).status_code == 404
    assert client.get(url(name, "children")).status_code == 404


def test_an_unknown_report_is_a_404(client, data):
    client.force_login(data.statutory_manager)
    assert client.get(url("reporting:statutory", "health")).status_code == 404


@pytest.mark.parametrize("name", READ_PAGES)
def test_the_statutory_complaints_manager_opens_both_reports(client, data, name):
    client.force_login(data.statutory_manager)
    for kind in ("adult", "children"):
        assert client.get(url(name, kind)).status_code == 200


def test_adult_page_shows_the_figures_and_cites_the_regulations(client, data):
    client.force_login(data.statutory_manager)
    response = client.get(url("reporting:statutory"))
    page = response.content.decode()
    assert "Adult social care complaints: annual report 2025-26" in page
    assert "(SI 2009/309), reg 18" in page
    assert "check them against the regulation before publishing" in page
    assert "2 (50% (2 of 4))" in page  # well-founded
    assert "Carers now text before each visit" in page
    assert "Write the commentary" not in page  # a complaints officer reads; managers write


def test_children_print_version_and_pdf(client, data):
    client.force_login(data.statutory_manager)
    page = client.get(url("reporting:statutory_print", "children")).content.decode()
    assert "Stage 2: Investigation" in page
    assert (
        "Of 4 representations received in the year, 2 came through a representative, 1 of them recorded as an advocate."
        in page
    )
    assert "Vale Advocacy" not in page and "Mary Smith" not in page  # no personal data
    response = client.get(url("reporting:statutory_pdf", "children"))
    assert response["Content-Type"] == "application/pdf"
    assert "children-social-care-complaints-2025-26.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_the_adult_team_manager_sees_only_their_services_cases(client, data):
    client.force_login(data.adult_team_manager)
    assert client.get(url("reporting:statutory")).context["report"].received == {1: 4}
    assert client.get(url("reporting:statutory", "children")).context["report"].received == {1: 0, 2: 0, 3: 0}


# --- the commentary ---------------------------------------------------------------------------------------------


def commentary_url(kind: str = "adult") -> str:
    return reverse("reporting:statutory_commentary", kwargs={"kind": kind, "year": YEAR})


def test_a_manager_who_sees_restricted_cases_writes_the_commentary(client, data):
    client.force_login(data.statutory_head)
    assert client.get(commentary_url()).status_code == 200
    response = client.post(
        commentary_url(),
        {"general_importance": "Charging letters confused people.", "improvements": "New charging leaflet."},
    )
    assert response.status_code == 302
    assert response.url == f"{reverse('reporting:statutory', kwargs={'kind': 'adult'})}?year={YEAR}"
    page = client.get(response.url).content.decode()
    assert "Charging letters confused people." in page and "New charging leaflet." in page
    assert "Change the commentary" in page
    # The children's report has its own commentary.
    assert "Charging letters" not in client.get(url("reporting:statutory", "children")).content.decode()


@pytest.mark.parametrize("who", ["statutory_manager", "officer", "housing_lead"])
def test_others_may_not_write_the_commentary(client, data, who):
    # The statutory manager is a complaints officer (reads only); the others may not see restricted cases.
    client.force_login(getattr(data, who))
    assert client.get(commentary_url()).status_code == 404
    assert client.post(commentary_url(), {"general_importance": "x"}).status_code == 404
    assert not StatutoryReportCommentary.objects.exists()


def test_anonymous_cannot_write_the_commentary(client, data):
    response = client.post(commentary_url(), {"general_importance": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not StatutoryReportCommentary.objects.exists()
