"""The demo data: every role can sign in, every state is present, and the rows are what the lifecycle would write."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle
from putright.cases.choices import OPEN_STATUSES, CaseKind, CaseStatus, EventKind, Outcome, StageStatus
from putright.cases.models import Case, CustomerRequest, ReferenceSequence, Stage, TimelineEvent
from putright.cases.requests import complete_request
from putright.demo import text
from putright.demo.text import DEMO_PASSWORD
from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.people.models import Customer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]  # "today" is the same day every run


@pytest.fixture
def seeded() -> None:
    call_command("seed_demo", cases=200, no_progress=True, stdout=StringIO())


def test_every_role_has_a_user_and_the_officer_can_sign_in(seeded, client):
    for role in Role:
        assert User.objects.filter(role=role).exists(), role
    # Through the sign-in page (the lockout counter needs the request, which client.login does not pass).
    response = client.post(reverse("login"), {"username": "officer", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert User.objects.get(username="socialcare").team.service_area.is_restricted


def test_cases_exist_in_every_status_kind_and_outcome(seeded):
    assert Case.objects.count() == 200
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(Case.objects.values_list("kind", flat=True)) == set(CaseKind.values)
    assert set(Outcome.values) <= set(Stage.objects.values_list("outcome", flat=True))
    assert Stage.objects.filter(number=3).exists()


def test_a_later_stage_is_never_handled_by_an_earlier_handler(seeded):
    later = Stage.objects.filter(number__gte=2).select_related("case")
    assert later.exists()
    for stage in later:
        earlier = set(stage.case.stages.filter(number__lt=stage.number).values_list("handler_id", flat=True))
        assert stage.handler_id is not None
        assert stage.handler_id not in earlier, stage


def test_restricted_services_cases_are_restricted(seeded):
    restricted = Case.objects.filter(service_area__is_restricted=True)
    assert restricted.exists()
    assert not restricted.filter(is_restricted=False).exists()
    assert not Case.objects.filter(service_area__is_restricted=False, is_restricted=True).exists()


def test_references_are_unique_and_the_sequence_has_caught_up(seeded):
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references))
    highest: dict[int, int] = {}
    for reference in references:
        match = re.fullmatch(r"PR-(\d{4})-(\d{5})", reference)
        assert match, reference
        year, number = int(match[1]), int(match[2])
        highest[year] = max(highest.get(year, 0), number)
    for year, number in highest.items():
        assert ReferenceSequence.objects.get(year=year).last_number >= number
    year = timezone.localdate().year
    new = lifecycle.next_reference(year)
    assert new not in references
    # The reference year is the year the case was received.
    for case in Case.objects.all():
        assert case.reference[3:7] == str(timezone.localtime(case.received_at).year)


def test_if_empty_leaves_a_loaded_database_alone(seeded):
    before = Case.objects.count()
    out = StringIO()
    call_command("seed_demo", cases=50, if_empty=True, stdout=out)
    call_command("seed_demo", cases=50, if_empty=True, stdout=out)
    assert Case.objects.count() == before
    assert "already exist" in out.getvalue()


def test_if_empty_loads_an_empty_database():
    call_command("seed_demo", cases=30, if_empty=True, no_progress=True, stdout=StringIO())
    assert Case.objects.count() == 30


def test_next_due_matches_the_current_stage(seeded):
    waiting = set(CustomerRequest.objects.waiting().values_list("case_id", flat=True))
    for case in Case.objects.select_related("current_stage"):
        stage = case.current_stage
        if case.procedure_version_id:
            assert stage is not None and stage.number == case.stages.aggregate(top=Max("number"))["top"]
        else:
            assert stage is None
        if case.pk in waiting:
            continue  # a customer's request may be what is due next (the showcase's, tested below)
        if case.status not in OPEN_STATUSES or stage is None or stage.status != StageStatus.OPEN:
            assert case.next_due_date is None and case.next_due_label == "", case
            if case.status not in OPEN_STATUSES and case.status != CaseStatus.RESPONDED:
                assert case.closed_at is not None, case
        elif stage.acknowledged_date is None and stage.acknowledge_due_date is not None:
            assert case.next_due_date == stage.acknowledge_due_date
            assert case.next_due_label == f"Stage {stage.number} acknowledgement"
        else:
            assert case.next_due_date == stage.response_due_date
            assert case.next_due_label == f"Stage {stage.number} response"
    assert Case.objects.filter(status__in=OPEN_STATUSES, next_due_date__isnull=False).exists()


def test_each_case_keeps_its_current_stages_handler_and_number(seeded):
    """What the queues read (`Case.current_handler`, `current_stage_number`) is what the seeded history left on the
    current stage."""
    stages = {pk: (handler, number) for pk, handler, number in Stage.objects.values_list("pk", "handler_id", "number")}
    cases = Case.objects.values_list("reference", "current_stage_id", "current_handler_id", "current_stage_number")
    kept = {ref: (handler, number) for ref, _stage, handler, number in cases}
    from_stages = {ref: stages.get(stage, (None, None)) for ref, stage, _handler, _number in cases}
    assert kept == from_stages
    assert Case.objects.filter(current_handler__isnull=False).exclude(current_handler=F("lead_officer")).exists()


def test_stage_dates_are_what_the_lifecycle_computes(seeded):
    stages = Stage.objects.select_related("rule__version__procedure").prefetch_related("extensions")
    for stage in stages:
        deadlines = lifecycle.compute_deadlines(stage)
        assert stage.response_due_date == deadlines.respond_by.due_date, stage
        assert stage.original_response_due_date == deadlines.original_respond_by, stage
        expected_ack = deadlines.acknowledge_by.due_date if deadlines.acknowledge_by else None
        assert stage.acknowledge_due_date == expected_ack, stage
        if stage.responded_date:
            assert stage.received_date <= stage.responded_date <= timezone.localdate()


def test_the_lifecycle_carries_on_from_seeded_cases(seeded):
    officer = User.objects.get(username="officer")
    case = Case.objects.filter(status=CaseStatus.RECEIVED, kind=CaseKind.COMPLAINT).first()
    case = lifecycle.acknowledge(case=case, actor=officer, definition="What the complaint is about.")
    case = lifecycle.respond(case=case, actor=officer, outcome=Outcome.NOT_UPHELD, reasons="Policy followed.")
    assert case.status == CaseStatus.RESPONDED
    escalated = Case.objects.filter(status=CaseStatus.ESCALATED).first()
    escalated = lifecycle.acknowledge(case=escalated, actor=officer, definition="Stage 2 review.")
    # The showcase's call back may be waiting on it: due before the response, until someone rings.
    waiting = CustomerRequest.objects.waiting().filter(case=escalated).first()
    if waiting is not None:
        assert escalated.next_due_label == "Customer asked for a call back"
        complete_request(request=waiting, actor=officer, note="Rang the customer.")
        escalated.refresh_from_db()
    assert escalated.next_due_label.endswith("response")


def test_demo_sign_ins_lists_the_users_or_says_none_are_loaded():
    out = StringIO()
    call_command("demo_sign_ins", stdout=out)
    assert "no demo organisation loaded" in out.getvalue().lower()
    call_command("seed_demo", cases=0, stdout=StringIO())
    out = StringIO()
    call_command("demo_sign_ins", stdout=out)
    assert "officer" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    assert "PutRight demo: http://127.0.0.1:8000/\n" in out.getvalue()
    assert "Staff sign in: http://127.0.0.1:8000/sign-in/\n" in out.getvalue()
    assert "Morgan Ellis, Member Responsible for Complaints" in out.getvalue()  # the `member` sign-in


def test_customers_titles_fit_their_first_names(seeded):
    # No "Miss Mark Adams" or "Mr Susan Jones": Mrs, Ms and Miss go with women's names, Mr with men's.
    customers = list(Customer.objects.values_list("title", "first_name"))
    assert len(customers) > 50
    assert {title for title, _first in customers} >= {"Mr", "Mrs", "Miss"}
    misfits = [
        (title, first)
        for title, first in customers
        if (title in ("Mrs", "Ms", "Miss") and first in text.MALE_FIRST_NAMES)
        or (title == "Mr" and first in text.FEMALE_FIRST_NAMES)
    ]
    assert misfits == []


def test_the_logged_events_say_how_each_case_came_in(seeded):
    summaries = TimelineEvent.objects.filter(kind=EventKind.LOGGED).values_list("summary", flat=True)
    assert not [s for s in summaries if " from a email" in s or " from a in person" in s or "councillor or mp" in s]


def test_the_demo_admin_signs_in_with_the_password_and_the_printed_code(client):
    call_command("seed_demo", cases=0, stdout=StringIO())
    out = StringIO()
    call_command("demo_sign_ins", stdout=out)
    assert "add the demo key PUTR IGHT DEMO" in out.getvalue() and "manage.py demo_code" in out.getvalue()
    assert "s.quinn, dpo, admin, socialcare and" in out.getvalue()  # dpo reads the access log: two-factor too

    response = client.post(reverse("login"), {"username": "admin", "password": DEMO_PASSWORD, "next": "/admin/"})
    assert response.url.startswith(reverse("two_factor_verify"))
    code = StringIO()
    call_command("demo_code", stdout=code)
    signed_in = client.post(response.url, {"code": code.getvalue().strip()})
    assert signed_in.status_code == 302 and signed_in.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_damp_and_mould_complaint_has_a_confirmed_significant_hazard(seeded, client):
    from putright.cases.hazards.models import Hazard

    hazard = Hazard.objects.select_related("case__customer").get()
    assert hazard.severity == "significant" and hazard.kind == "damp_mould"
    assert hazard.case.customer.tenure == "lcra"
    assert "mould" in hazard.case.title.lower() or "damp" in hazard.case.title.lower()
    client.force_login(User.objects.get(username="leader"))
    page = client.get(reverse("cases:detail", args=[hazard.case.reference])).content.decode()
    assert "Significant hazard: Damp and mould" in page and "Investigate the hazard" in page


def test_the_demo_shows_triage_help(seeded, client):
    from putright.cases.models import EarlyResolution, StageFinding
    from putright.people.models import AdjustmentRequest

    client.force_login(User.objects.get(username="officer"))
    pair = Case.objects.filter(customer__email="grace.adeyemi@example.org").order_by("received_at")
    assert pair.count() == 2
    page = client.get(reverse("cases:detail", args=[pair[1].reference])).content.decode()
    assert "Possibly the same matter" in page and pair[0].reference in page
    assert AdjustmentRequest.objects.filter(adjustment__isnull=True).count() == 2
    assert EarlyResolution.objects.count() == 2
    assert StageFinding.objects.filter(root_cause__isnull=False).count() > 20
    client.force_login(User.objects.get(username="manager"))
    report = client.get(reverse("reporting:root_causes")).content.decode()
    assert "Staff named in 2 or more complaints" in report


def test_the_seeder_and_imports_use_only_the_lifecycles_public_functions():
    """Bulk writers take each step through `lifecycle.History` and friends, never a private (`_name`) helper."""
    import ast
    from pathlib import Path

    import putright

    root = Path(putright.__file__).parent
    private = []
    for path in [*root.glob("demo/**/*.py"), *root.glob("imports/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("putright.cases.lifecycle"):
                private += [f"{path.name}: {alias.name}" for alias in node.names if alias.name.startswith("_")]
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "lifecycle"
                and node.attr.startswith("_")
            ):
                private.append(f"{path.name}: lifecycle.{node.attr}")
    assert private == []


def test_the_demo_shows_every_feature_in_the_current_year(seeded, client):
    """Councillors with wards, ombudsman cases (one decided with a remedy), learning actions (one done and published)
    and this year's contact volumes: no page of the demo is empty."""
    from putright.learning.models import LearningAction
    from putright.ombudsman.models import OmbudsmanReferral, OmbudsmanRemedy
    from putright.reporting.models import ContactVolume

    assert User.objects.get(username="cllr.ashcombe").ward == "Ashcombe"
    assert OmbudsmanReferral.objects.count() >= 1 and OmbudsmanRemedy.objects.exists()
    assert LearningAction.objects.filter(is_published=True, status="done").exists()
    assert LearningAction.objects.exclude(status="done").count() >= 1
    assert ContactVolume.objects.exists()
    client.force_login(User.objects.get(username="cllr.ashcombe"))
    assert "Ashcombe" in client.get(reverse("portal:councillor_ward")).content.decode()
    public = client.get(reverse("publications:you_said_we_did")).content.decode()
    assert "Text residents the day before a repair visit" in public


def test_the_complaints_officer_and_every_sign_in_start_the_day_with_work_waiting(seeded, client):
    """Contacts to triage (web form, email, phone and a councillor's for a resident), customers waiting on a
    request and a contribution asked of the complaints team, all on the officer's Today page; and something on
    every demo sign-in's home page."""
    from putright.cases.models import Contact

    waiting = Contact.objects.filter(triaged_at__isnull=True)
    assert set(waiting.values_list("channel", flat=True)) == {"web", "email", "phone", "councillor"}
    kinds = set(CustomerRequest.objects.waiting().values_list("kind", flat=True))
    assert kinds == {"escalation", "callback", "information"}

    client.force_login(User.objects.get(username="officer"))
    response = client.get(reverse("cases:today"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Contacts to triage (4)" in page
    assert "Cllr Lowe for a resident: fly-tipping behind Priory Gardens" in page
    assert "Garden waste paid for but not collected" in page
    assert "Customers waiting (3)" in page and "Customer asked for the next stage" in page
    assert "Contributions asked of you" in page and "promised a call back that never came" in page
    asked = CustomerRequest.objects.get(kind="escalation").case
    assert asked.status == CaseStatus.RESPONDED and asked.next_due_label == "Customer asked for the next stage"

    # Every demo sign-in lands on a page with something on it (`manage.py demo_sign_ins`).
    from putright.demo.management.commands.demo_sign_ins import HIGHLIGHTED

    for username in HIGHLIGHTED:
        user = User.objects.get(username=username)
        client.force_login(user)
        landing = client.get(reverse("portal:signed_in"))
        assert landing.status_code == 302, username
        page = client.get(landing.url).content.decode()
        assert "Nothing is waiting for you" not in page, username
        if user.role == Role.COUNCILLOR:
            assert "PR-" in page, username  # the cases they raised for residents


def test_contributors_find_what_is_asked_of_them_one_overdue(seeded, client):
    from putright.cases.models import Contribution

    asked = {
        contribution.requested_from.username: contribution
        for contribution in Contribution.objects.filter(received_at__isnull=True, requested_from__isnull=False)
        .select_related("case", "requested_from")
        .filter(requested_from__username__in=("leader", "socialcare", "dpo"))
    }
    assert set(asked) == {"leader", "socialcare", "dpo"}
    today = timezone.localdate()
    assert asked["leader"].due_date < today < asked["leader"].requested_at.date() + timezone.timedelta(days=9)
    assert asked["leader"].case.received_at < asked["leader"].requested_at
    for username, contribution in asked.items():
        client.force_login(contribution.requested_from)
        response = client.get(reverse("cases:my_contributions"))
        assert response.status_code == 200
        page = response.content.decode()
        assert contribution.case.reference in page, username
        assert ("Overdue" in page) == (username == "leader"), username


def test_every_demo_response_letter_answers_its_own_complaint(seeded):
    """A response letter gives the findings of the scenario its complaint was written from, and no other's."""
    from putright.notifications.choices import MessageChannel
    from putright.notifications.outbound.contexts import stage_response_context
    from putright.notifications.outbound.rendering import render_message

    every_sentence = {
        sentence for found in text.FINDINGS.values() for sentence in (*found.__dict__.values(),) if sentence
    }
    events = TimelineEvent.objects.filter(kind=EventKind.RESPONDED, case__categories__isnull=False).select_related(
        "case"
    )
    letters = 0
    for event in events:
        category = event.case.categories.get().name
        context = stage_response_context(event)
        outcome = event.data["outcome"]
        ours = text.FINDINGS[category]
        assert context["reasons"] == ours.reasons(outcome), (event.case.reference, category)
        assert context["outstanding_actions"] in ("", ours.to_do)
        body = render_message("stage_response", "en", MessageChannel.LETTER, context).body_text
        others = [sentence for sentence in every_sentence - set(ours.__dict__.values()) if sentence in body]
        assert ours.reasons(outcome) in body and others == [], (event.case.reference, category, others)
        letters += 1
    assert letters > 50
