"""Shared personas for the whole suite.

- complaints_officer: central complaints team; sees every unrestricted case and the contacts to triage.
- lead_officer: a housing repairs team leader; sees unrestricted cases, and restricted ones only when named.
- waste_leader: a waste team leader; the "wrong user" for housing team views of restricted cases.
- head_of_service: the stage 2 reviewer; must differ from the stage 1 handler.
- social_care_officer: adult social care team; sees that service's restricted cases.
- councillor: signs in, but never reaches the staff side (404 everywhere).

And two guards: no test reaches a server or looks up a name beyond this machine (`local_network_only`, for every
test, and `tests.local_network.guarded_env` for the worker processes tests start), and a test that depends on what
day it is asks for `frozen_today` (a fixed Wednesday, the clock still running from it).

`client.force_login(user)` stands for a finished sign-in, both steps of it (`signed_in_with_both_steps`): the
two-factor tests sign in through the pages themselves (putright/portal/tests/test_two_factor.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test.client import ClientMixin
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from putright.cases.choices import CaseKind, Channel
from putright.cases.lifecycle import CaseDetails
from putright.cases.models import Case
from putright.cases.services import CustomerDetails, log_case
from putright.organisation.choices import Role
from putright.organisation.models import Organisation, ServiceArea, Team, User
from putright.portal.two_factor import SECOND_STEP
from putright.procedures.selectors import current_version
from tests.local_network import install

# Property tests check what is true, not how fast: no per-example time limit, so a busy machine cannot fail them
# (speed is measured by `make bench`).
hypothesis_settings.register_profile("putright", deadline=None)
hypothesis_settings.load_profile("putright")

PASSWORD = "correct-horse-battery"  # noqa: S105 - test personas only


# A Wednesday away from bank holidays and the clocks changing, mid-morning in London.
FROZEN_NOW = datetime(2026, 3, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def frozen_today() -> Iterator[datetime]:
    """The clock starts at FROZEN_NOW and runs on from it, so "today" in a test is the same day every run.

    Asked for (first, so the test's data is made on that day too) by each test whose answer depends on the day:
    working days, windows and due dates, a year on, kept figures. Not for every test: the browser, the worker
    processes and the Redis and S3 stand-ins keep the real clock, and would see a March day's cookies, retries
    and signatures as long past."""
    with time_machine.travel(FROZEN_NOW, tick=True):
        yield FROZEN_NOW


@pytest.fixture(autouse=True, scope="session")
def local_network_only() -> Iterator[None]:
    """Tests reach only the servers they start on this machine: a connection, a datagram sent or a name looked up
    anywhere else fails at once (tests/local_network.py; processes tests start get it through `guarded_env`)."""
    undo = install()
    yield
    undo()


@pytest.fixture(autouse=True, scope="session")
def signed_in_with_both_steps() -> Iterator[None]:
    """`force_login` gives a session past the second step too, as a real sign-in with a code would."""
    force_login = ClientMixin.force_login

    def force_login_both_steps(client: ClientMixin, user: Any, backend: str | None = None) -> None:
        force_login(client, user, backend)
        session = client.session
        session[SECOND_STEP] = "test sign-in"
        session.save()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ClientMixin, "force_login", force_login_both_steps)
        yield


@pytest.fixture
def organisation(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Thornbury Vale District Council",
        nation="ENG",
        # Signs adult social care responses (SI 2009/309 reg 14), so tests that answer one need not name her.
        responsible_person="Dr Amara Okafor, Director of Adult Social Services",
    )


@pytest.fixture
def housing(db: Any) -> ServiceArea:
    return ServiceArea.objects.create(
        name="Housing repairs", slug="housing-repairs", is_housing=True, default_procedure_slug="joint-code"
    )


@pytest.fixture
def waste(db: Any) -> ServiceArea:
    return ServiceArea.objects.create(name="Waste and recycling", slug="waste", default_procedure_slug="joint-code")


@pytest.fixture
def adult_social_care(db: Any) -> ServiceArea:
    return ServiceArea.objects.create(
        name="Adult social care",
        slug="adult-social-care",
        is_restricted=True,
        default_procedure_slug="adult-social-care",
    )


def _user(username: str, role: Role, team: Team | None = None, **extra: Any) -> User:
    first, _, last = username.partition("_")
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        team=team,
        first_name=first.title(),
        last_name=(last or "Smith").title(),
        **extra,
    )
    return user


@pytest.fixture
def complaints_officer(organisation: Organisation) -> User:
    return _user("olivia_officer", Role.COMPLAINTS_OFFICER, job_title="Complaints officer")


@pytest.fixture
def lead_officer(organisation: Organisation, housing: ServiceArea) -> User:
    team = Team.objects.create(name="Repairs team", service_area=housing)
    return _user("liam_leader", Role.INVESTIGATING_OFFICER, team, job_title="Repairs team leader")


@pytest.fixture
def waste_leader(organisation: Organisation, waste: ServiceArea) -> User:
    team = Team.objects.create(name="Collections team", service_area=waste)
    return _user("wendy_waste", Role.INVESTIGATING_OFFICER, team)


@pytest.fixture
def head_of_service(organisation: Organisation) -> User:
    return _user("hannah_head", Role.HEAD_OF_SERVICE, job_title="Head of housing")


@pytest.fixture
def manager(organisation: Organisation) -> User:
    return _user("mark_manager", Role.MANAGER)


@pytest.fixture
def social_care_officer(organisation: Organisation, adult_social_care: ServiceArea) -> User:
    team = Team.objects.create(name="Adult social care team", service_area=adult_social_care)
    return _user("sara_social", Role.INVESTIGATING_OFFICER, team)


@pytest.fixture
def councillor(organisation: Organisation) -> User:
    return _user("colin_councillor", Role.COUNCILLOR)


@pytest.fixture
def make_case(complaints_officer: User, housing: ServiceArea) -> Callable[..., Case]:
    """Log a case through the real service, as the complaints officer would."""

    def make(
        *,
        received_at: datetime | None = None,
        procedure: str = "joint-code",
        service: ServiceArea | None = None,
        lead: User | None = None,
        kind: CaseKind = CaseKind.COMPLAINT,
        title: str = "Repair not done",
        text: str = "I reported a leaking roof in March and nobody has come.",
        last_name: str = "Jones",
        postcode: str = "HP1 1AA",
    ) -> Case:
        service = service or housing
        return log_case(
            channel=Channel.PHONE,
            received_at=received_at or timezone.now(),
            raw_text=text,
            actor=complaints_officer,
            details=CaseDetails(
                kind=kind,
                kind_reason="Dissatisfied with the service",
                service_area=service,
                title=title,
                description=text,
                procedure_version=current_version(procedure)
                if kind not in (CaseKind.COMMENT, CaseKind.COMPLIMENT)
                else None,
                desired_outcome="Fix the roof",
                lead_officer=lead,
                team=lead.team if lead else None,
            ),
            customer_details=CustomerDetails(
                first_name="Ann", last_name=last_name, email="ann@example.org", postcode=postcode
            ),
        )

    return make


# The data migrations that make and then amend the procedure presets, in order.
PRESET_MIGRATIONS = (
    ("putright.procedures.migrations.0002_presets", "create_presets"),
    ("putright.procedures.migrations.0005_presets_cite_the_rules", "cite_the_rules"),
    ("putright.procedures.migrations.0007_preset_statutory_limits", "apply_limits"),
    ("putright.procedures.migrations.0008_retention_years", "longer_for_social_care"),
    ("putright.procedures.migrations.0009_local_practice_and_timing_not_confirmed", "mark_presets"),
)


def restore_procedure_presets() -> None:
    """Transactional and browser tests flush the database after each test: put the procedure presets back as the
    migrations left them (the presets, their cited rules, their statutory limits)."""
    import importlib

    from django.apps import apps

    if apps.get_model("procedures", "Procedure").objects.exists():
        return
    for module, function in PRESET_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
