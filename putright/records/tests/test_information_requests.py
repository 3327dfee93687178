"""Information rights requests: timed as one month, a subject access download with redaction, erasure through the
retention machinery (refused while a case is live), and rectification, each recorded."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from putright.cases.choices import CaseStatus, EventKind
from putright.cases.events import record
from putright.cases.models import Case
from putright.people.models import Customer
from putright.portal.models import EvidenceFile
from putright.records.models import InformationRequest
from putright.records.requests import answer_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def ig_lead(manager):
    manager.reads_access_log = True
    manager.save(update_fields=["reads_access_log"])
    return manager


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 3, 2), date(2026, 4, 2)),  # the same day next month
        (date(2026, 1, 31), date(2026, 3, 2)),  # no 31 February: 28 February, a Saturday, so Monday 2 March
        (date(2026, 4, 3), date(2026, 5, 5)),  # 3 May 2026 is a Sunday, 4 May the early May bank holiday
    ],
)
def test_the_answer_is_due_one_month_from_receipt_on_a_working_day(organisation, received, due):
    assert answer_due(received) == due


def _log(client, kind, person="ann@example.org", received="2 3 2026"):
    day, month, year = received.split()
    return client.post(
        reverse("records:requests"),
        {"kind": kind, "person": person, "received_on_0": day, "received_on_1": month, "received_on_2": year},
    )


def test_a_subject_access_request_gives_one_zip_with_everything_redacted_as_chosen(
    client, make_case, ig_lead, complaints_officer, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    case = make_case(text="My neighbour Bob Grey keeps blocking the bin store.")
    record(case, EventKind.NOTE_ADDED, "Spoke to Bob Grey, who denies it.", actor=complaints_officer)
    secret = record(case, EventKind.NOTE_ADDED, "Legal advice about the tenancy.", actor=complaints_officer)
    evidence = EvidenceFile.objects.create(
        case=case, original_name="bins.jpg", kind="JPG", extension=".jpg", size_bytes=4, scan_status="clean"
    )
    evidence.file.save("bins.jpg", ContentFile(b"\xff\xd8\xff\xe0"))
    client.force_login(complaints_officer)
    client.get(reverse("cases:detail", args=[case.reference]))  # so the access log has an entry about Ann
    client.force_login(ig_lead)
    response = _log(client, "access")
    info = InformationRequest.objects.get()
    assert response.status_code == 302 and info.due_on == date(2026, 4, 2) and info.customer == case.customer
    page = client.get(reverse("records:request", args=[info.pk])).content.decode()
    assert "Legal advice about the tenancy." in page
    client.post(
        reverse("records:request", args=[info.pk]),
        {"action": "redact", "redact_terms": "Bob Grey", "withheld": [f"event:{secret.pk}"]},
    )
    download = client.get(reverse("records:subject_access", args=[info.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    index = archive.read("index.html").decode()
    assert "Information we hold about Ann Jones" in index and case.reference in index
    assert "Spoke to [redacted], who denies it." in index and "Bob Grey" not in index
    assert "Legal advice" not in index and "1 item is withheld" in index
    assert "a note for staff, not shown to you before" in index  # internal entries are included, and say so
    assert "olivia_officer" in index or "Olivia Officer" in index  # who looked at their records
    assert any(name.startswith("files/") and name.endswith(".jpg") for name in archive.namelist())


def test_erasure_is_refused_while_a_case_is_live_and_done_once_closed(client, make_case, ig_lead):
    case = make_case()
    client.force_login(ig_lead)
    _log(client, "erasure")
    info = InformationRequest.objects.get()
    refused = client.post(reverse("records:request", args=[info.pk]), {"action": "erase"}, follow=True)
    assert f"Still being handled, so its record is needed: {case.reference}" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).description != ""
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now() - timedelta(days=3))
    client.post(reverse("records:request", args=[info.pk]), {"action": "erase"})
    info.refresh_from_db()
    case.refresh_from_db()
    assert info.status == InformationRequest.Status.DONE and case.reference in info.outcome
    assert case.title == "Erased at the customer's request"
    customer = Customer.objects.get(pk=case.customer_id)
    assert customer.last_name == "Anonymised" and customer.email == ""


def test_rectification_corrects_the_record_and_says_what_changed(client, make_case, ig_lead):
    case = make_case()
    client.force_login(ig_lead)
    _log(client, "rectification")
    info = InformationRequest.objects.get()
    client.post(
        reverse("records:request", args=[info.pk]),
        {
            "action": "rectify",
            "first_name": "Anne",
            "last_name": "Jones",
            "email": "ann@example.org",
            "postcode": "HP1 1AA",
        },
    )
    info.refresh_from_db()
    assert Customer.objects.get(pk=case.customer_id).first_name == "Anne"
    assert info.status == InformationRequest.Status.DONE and "first name: 'Ann' to 'Anne'" in info.outcome


def test_several_people_match_and_the_officer_chooses(client, make_case, ig_lead):
    make_case(last_name="Jones")
    other = make_case(last_name="Jones", postcode="HP2 2BB")
    client.force_login(ig_lead)
    page = _log(client, "access", person="Ann Jones").content.decode()
    assert "Select which of these people it is" in page and "HP2 2BB" in page
    response = client.post(
        reverse("records:requests"),
        {
            "kind": "access",
            "person": "Ann Jones",
            "customer": other.customer_id,
            "received_on_0": "2",
            "received_on_1": "3",
            "received_on_2": "2026",
        },
    )
    assert response.status_code == 302 and InformationRequest.objects.get().customer_id == other.customer_id


def test_every_email_in_the_copy_says_when_it_was_sent(client, make_case, ig_lead, tmp_path, settings):
    """A message not caused by a timeline entry (a reminder, a progress update sent later) still has its date."""
    from datetime import UTC, datetime

    from putright.notifications.models import OutboundMessage

    settings.MEDIA_ROOT = tmp_path
    case = make_case()
    OutboundMessage.objects.create(
        case=case,
        template_name="progress_update",
        channel="email",
        subject="An update on your complaint",
        body_text="We are still looking into it.",
        sent_at=datetime(2026, 3, 5, 14, 30, tzinfo=UTC),
    )
    client.force_login(ig_lead)
    _log(client, "access", received="6 3 2026")
    info = InformationRequest.objects.get()
    page = client.get(reverse("records:request", args=[info.pk])).content.decode()
    assert "5 Mar 2026: Email sent: An update on your complaint" in page
    download = client.get(reverse("records:subject_access", args=[info.pk]))
    index = zipfile.ZipFile(io.BytesIO(download.content)).read("index.html").decode()
    assert "<td>5 Mar 2026 14:30</td><td>Email sent: An update on your complaint" in index


def test_blacking_out_takes_whole_words_only():
    from putright.records.subject_access import Redactor

    redact = Redactor("Lena\nBob Grey")
    assert redact("Lena phoned Helena about Bob Grey's fence.") == "[redacted] phoned Helena about [redacted]'s fence."


@pytest.mark.usefixtures("frozen_today")  # 18 March 2026
def test_a_request_is_shown_overdue_only_while_unanswered_after_its_due_date(client, make_case, ig_lead):
    customer = make_case().customer

    def made(due: date, status: str = InformationRequest.Status.OPEN) -> InformationRequest:
        return InformationRequest.objects.create(
            kind="access",
            customer=customer,
            received_on=due - timedelta(days=30),
            due_on=due,
            status=status,
            logged_by=ig_lead,
        )

    late, due_today = made(date(2026, 3, 17)), made(date(2026, 3, 18))
    answered = made(date(2026, 3, 2), status=InformationRequest.Status.DONE)
    client.force_login(ig_lead)
    listing = client.get(reverse("records:requests")).content.decode()
    assert listing.count(">Overdue</strong>") == 1
    assert listing.index("17 Mar 2026") < listing.index(">Overdue</strong>") < listing.index("18 Mar 2026")
    for info, overdue in ((late, True), (due_today, False), (answered, False)):
        page = client.get(reverse("records:request", args=[info.pk])).content.decode()
        assert (">Overdue</strong>" in page) is overdue
