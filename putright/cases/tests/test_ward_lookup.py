"""A case's ward: the officer's choice, else the customer's record, else the council's postcode-to-ward list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from putright.cases.choices import CaseKind, Channel
from putright.cases.lifecycle import CaseDetails
from putright.cases.services import CustomerDetails, log_case
from putright.organisation.models import PostcodeWard
from putright.procedures.selectors import current_version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]  # "today" is the same day every run


@pytest.fixture
def log(complaints_officer, housing):
    def make(*, postcode: str = "hp1 1aa", ward: str = "", customer_ward: str = "", customer_postcode: str = ""):
        return log_case(
            channel=Channel.PHONE,
            received_at=timezone.now(),
            raw_text="The roof leaks.",
            actor=complaints_officer,
            details=CaseDetails(
                kind=CaseKind.COMPLAINT,
                kind_reason="Dissatisfied",
                service_area=housing,
                title="Roof",
                description="The roof leaks.",
                procedure_version=current_version("joint-code"),
                postcode=postcode,
                ward=ward,
            ),
            customer_details=CustomerDetails(last_name="Jones", postcode=customer_postcode, ward=customer_ward),
        )

    return make


@pytest.fixture
def ashcombe(db):
    return PostcodeWard.objects.create(postcode="HP1 1AA", ward="Ashcombe")


def test_the_ward_comes_from_the_postcode_list_when_nobody_gives_one(log, ashcombe):
    with CaptureQueriesContext(connection) as queries:
        case = log()
    assert case.ward == "Ashcombe"
    assert len([q for q in queries.captured_queries if "organisation_postcodeward" in q["sql"]]) == 1


def test_the_customers_postcode_is_looked_up_when_the_case_has_none(log, ashcombe):
    assert log(postcode="", customer_postcode="HP1 1AA").ward == "Ashcombe"


def test_the_officers_ward_wins_and_the_list_is_not_read(log, ashcombe):
    with CaptureQueriesContext(connection) as queries:
        case = log(ward="Brookfield")
    assert case.ward == "Brookfield"
    assert not [q for q in queries.captured_queries if "organisation_postcodeward" in q["sql"]]


def test_the_customers_ward_wins_over_the_list(log, ashcombe):
    assert log(customer_ward="Cathays").ward == "Cathays"


def test_an_unknown_postcode_leaves_the_ward_empty(log, ashcombe):
    assert log(postcode="CF10 1EP").ward == ""
