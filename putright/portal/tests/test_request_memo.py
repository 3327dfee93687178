"""The organisation is read once per request, and a change to it shows on the very next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from putright.organisation.models import Organisation
from putright.organisation.selectors import current_organisation

pytestmark = pytest.mark.django_db


def test_a_new_phone_number_shows_on_the_next_page(client):
    organisation = Organisation.objects.create(name="Thornbury Vale", complaints_phone="01234 567890")
    assert "01234 567890" in client.get("/").content.decode()
    organisation.complaints_phone = "0300 123 4567"
    organisation.save()
    page = client.get("/").content.decode()
    assert "0300 123 4567" in page and "01234 567890" not in page


def test_outside_a_request_every_read_is_fresh():
    organisation = Organisation.objects.create(name="Thornbury Vale")
    assert current_organisation().name == "Thornbury Vale"
    Organisation.objects.filter(pk=organisation.pk).update(name="Vale of Thornbury")
    assert current_organisation().name == "Vale of Thornbury"


def test_sending_a_complaint_reads_the_organisation_once(client, answer_complaint):
    """The clock, the acknowledgement and the page each need the organisation: one read serves them all."""
    from django.urls import reverse

    from putright.cases.models import Case
    from putright.portal.tests.conftest import token_on_check_page

    Organisation.objects.create(name="Thornbury Vale", complaints_phone="01234 567890")
    answer_complaint(client)
    token = token_on_check_page(client)
    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("portal:check", args=["complaint"]), {"token": token})
    assert Case.objects.count() == 1
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "organisation_organisation"' in q["sql"]]
    assert len(reads) == 1
