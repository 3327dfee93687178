"""Helpers for the public journeys: answer every page as a resident would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from putright.core.tests.clamd import clamd_server, clamd_socket  # noqa: F401 (fixtures for the scanning tests)
from putright.organisation.models import ServiceArea

COMPLAINT_ANSWERS: list[tuple[str, dict[str, str]]] = [
    ("who", {"for_whom": "myself"}),
    ("service", {"service": "repairs"}),
    ("what-happened", {"what_happened": "The kitchen ceiling has leaked since October and nobody has come."}),
    ("when", {"happened_on_0": "3", "happened_on_1": "10", "happened_on_2": "2025"}),
    ("where", {"where_address": "4 Elm Row, Thornbury", "where_postcode": "cf10 1ep"}),
    ("evidence", {}),  # optional: no files
    ("put-right", {"put_right": "Fix the roof and repaint the ceiling."}),
    ("name", {"full_name": "Ann Marie Jones"}),
    ("contact", {"contact_method": "email", "email": "ann@example.org", "phone": "", "address": "", "postcode": ""}),
    ("help", {"help_needed": "Large print letters, please."}),
]


def step_url(journey: str, slug: str) -> str:
    return reverse("portal:step", args=[journey, slug])


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()  # the per-address count lives in the cache, which outlives a test


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # evidence files written by a test go with it


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    # A Welsh request leaves Welsh active in this thread; later tests (in any app) expect English.
    translation.deactivate()


@pytest.fixture
def services(housing: ServiceArea, waste: ServiceArea, adult_social_care: ServiceArea) -> dict[str, ServiceArea]:
    customer_services = ServiceArea.objects.create(name="Customer services", slug="customer-services")
    return {"housing": housing, "waste": waste, "care": adult_social_care, "customer": customer_services}


@pytest.fixture
def answer_complaint(services: dict[str, ServiceArea]) -> Callable[..., Any]:
    """Answer every page of the complaint journey; returns the response to the last page."""

    def answer(client: Client, overrides: dict[str, dict[str, str]] | None = None) -> Any:
        response = None
        for slug, data in COMPLAINT_ANSWERS:
            response = client.post(step_url("complaint", slug), {**data, **(overrides or {}).get(slug, {})})
            assert response.status_code == 302, (slug, response.content.decode()[:2000])
        return response

    return answer


def token_on_check_page(client: Client, journey: str = "complaint") -> str:
    response = client.get(reverse("portal:check", args=[journey]))
    assert response.status_code == 200
    return response.context["form"]["token"].value()


# --- the customer's account -----------------------------------------------------------------------------------
# Personas: "ann" (ann@example.org) owns the cases made by `make_case`; "bob" (bob@example.org) owns one case of his
# own and must never reach Ann's, nor Ann his. Neither is a Django user: staff pages treat both as anonymous.

ANN = "ann@example.org"
BOB = "bob@example.org"


def sign_in_as(client: Client, email: str) -> Client:
    """Put a verified email address in the client's session, as following a sign-in link does."""
    from django.conf import settings

    from putright.portal.services import signin

    session = client.session
    signin.sign_in(session, email)
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.fixture
def ann(client: Client) -> Client:
    return sign_in_as(client, ANN)


@pytest.fixture
def responded(make_case: Callable[..., Any], lead_officer: Any) -> Any:
    """Ann's complaint, acknowledged and answered at stage 1 (so she may ask for stage 2)."""
    from putright.cases import lifecycle
    from putright.cases.choices import Outcome

    case = make_case(lead=lead_officer)
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="The roof leak was not repaired.")
    return lifecycle.respond(case=case, actor=lead_officer, outcome=Outcome.NOT_UPHELD, reasons="Repaired on time.")


@pytest.fixture
def bobs_case(make_case: Callable[..., Any]) -> Any:
    case = make_case(title="Bins missed", last_name="Brown")
    case.customer.email = BOB
    case.customer.save(update_fields=["email"])
    return case
