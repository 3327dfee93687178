"""Evidence files on the complaint form and with more information: type by content, size, number, storage, access."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from putright.cases.models import Case
from putright.portal.evidence import MAX_FILE_BYTES
from putright.portal.models import EvidenceFile
from putright.portal.tests.conftest import BOB, COMPLAINT_ANSWERS, sign_in_as, step_url, token_on_check_page

pytestmark = pytest.mark.django_db
EVIDENCE = step_url("complaint", "evidence")


def pdf(name: str = "letter.pdf", size: int = 0) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n" + b"0" * max(size - 9, 10)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, content_type="image/png")


def jpg(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"\x00" * 20, content_type="image/jpeg")


def docx(name: str = "report.docx", word: bool = True) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if word else "xl/workbook.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def answer_up_to_evidence(client) -> None:
    for slug, data in COMPLAINT_ANSWERS:
        if slug == "evidence":
            return
        assert client.post(step_url("complaint", slug), data).status_code == 302


@pytest.fixture
def at_evidence(client, services):
    answer_up_to_evidence(client)
    return client


def test_the_evidence_page_works_without_javascript(at_evidence):
    text = at_evidence.get(EVIDENCE).content.decode()
    assert 'enctype="multipart/form-data"' in text and 'type="file"' in text and "multiple" in text
    assert "up to 5 files" in text and "smaller than 10MB" in text


def test_files_of_each_kind_are_kept_with_random_names_and_joined_to_the_case(at_evidence, answer_complaint):
    response = at_evidence.post(EVIDENCE, {"evidence": [pdf(), png(), jpg(), docx()]})
    assert response.status_code == 302 and response.url == step_url("complaint", "put-right")
    files = list(EvidenceFile.objects.order_by("id"))
    assert [f.kind for f in files] == ["PDF", "PNG", "JPG", "DOCX"]
    assert all(f.case is None and f.submission_token for f in files)
    for stored in files:
        assert Path(stored.file.path).exists()
        assert stored.original_name not in stored.file.name and stored.token.hex in stored.file.name
    answer_complaint(at_evidence, {"evidence": {}})
    check = at_evidence.get(reverse("portal:check", args=["complaint"])).content.decode()
    assert "letter.pdf, photo.png, photo.jpg, report.docx" in check
    at_evidence.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(at_evidence)})
    case = Case.objects.get()
    assert set(case.evidence_files.values_list("original_name", flat=True)) == {
        "letter.pdf",
        "photo.png",
        "photo.jpg",
        "report.docx",
    }
    assert "Files sent: letter.pdf, photo.png, photo.jpg, report.docx" in case.description


def test_a_file_is_judged_by_its_contents_not_its_name(at_evidence):
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    text = at_evidence.post(EVIDENCE, {"evidence": [fake]}).content.decode()
    assert "govuk-error-summary" in text and "invoice.pdf must be a PDF, JPG, PNG or DOCX" in text
    assert 'href="#id_evidence"' in text and 'id="id_evidence-error"' in text and "govuk-file-upload--error" in text
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        png("photo.pdf"),  # a real PNG called .pdf: the extension must agree with the contents
        docx("sheet.docx", word=False),  # a zip, but not a Word document
        SimpleUploadedFile("notes.txt", b"plain text"),
        SimpleUploadedFile("page.html", b"<script>alert(1)</script>"),
    ],
)
def test_other_kinds_of_file_are_refused(at_evidence, upload):
    text = at_evidence.post(EVIDENCE, {"evidence": [upload]}).content.decode()
    assert f"{upload.name} must be a PDF, JPG, PNG or DOCX" in text
    assert not EvidenceFile.objects.exists()


def test_a_file_over_10mb_is_refused_and_one_at_the_limit_is_kept(at_evidence):
    text = at_evidence.post(EVIDENCE, {"evidence": [pdf("big.pdf", MAX_FILE_BYTES + 1)]}).content.decode()
    assert "big.pdf must be smaller than 10MB" in text
    assert not EvidenceFile.objects.exists()
    assert at_evidence.post(EVIDENCE, {"evidence": [pdf("limit.pdf", MAX_FILE_BYTES)]}).status_code == 302
    assert EvidenceFile.objects.get().size_bytes == MAX_FILE_BYTES


def test_an_empty_file_is_refused(at_evidence):
    text = at_evidence.post(EVIDENCE, {"evidence": [SimpleUploadedFile("empty.pdf", b"")]}).content.decode()
    assert "empty.pdf is empty" in text


def test_no_more_than_5_files(at_evidence):
    text = at_evidence.post(EVIDENCE, {"evidence": [pdf(f"{n}.pdf") for n in range(6)]}).content.decode()
    assert "Select up to 5 files" in text and not EvidenceFile.objects.exists()
    at_evidence.post(EVIDENCE, {"evidence": [pdf(f"{n}.pdf") for n in range(4)]})
    text = at_evidence.post(EVIDENCE, {"evidence": [pdf("a.pdf"), pdf("b.pdf")]}).content.decode()
    assert "You have already added 4, so select 1 or fewer" in text
    assert EvidenceFile.objects.count() == 4


def test_a_file_can_be_removed_before_sending_and_only_by_its_own_browser(
    at_evidence, services, django_capture_on_commit_callbacks
):
    at_evidence.post(EVIDENCE, {"evidence": [pdf(), png()]})
    first = EvidenceFile.objects.order_by("id").first()
    path = Path(first.file.path)
    stranger = Client()
    answer_up_to_evidence(stranger)
    remove = reverse("portal:remove_evidence", args=["complaint", first.token])
    assert stranger.post(remove).status_code == 404
    assert at_evidence.get(remove).status_code == 405  # no change on GET
    with django_capture_on_commit_callbacks(execute=True):  # the stored file goes once the row has gone
        assert at_evidence.post(remove).status_code == 302
    assert list(EvidenceFile.objects.values_list("original_name", flat=True)) == ["photo.png"]
    assert not path.exists()


def test_uploads_are_rate_limited_per_address(at_evidence, settings):
    settings.PUTRIGHT_SUBMISSIONS_PER_HOUR = 0
    response = at_evidence.post(EVIDENCE, {"evidence": [pdf()]})
    assert response.status_code == 429 and not EvidenceFile.objects.exists()


def test_files_with_more_information_go_on_the_case(ann, make_case):
    case = make_case()
    response = ann.post(
        reverse("portal:add_information", args=[case.reference]), {"text": "Photos attached.", "evidence": [jpg()]}
    )
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.case == case and evidence.request.text == "Photos attached."
    assert "Files: photo.jpg" in evidence.request.event.summary
    page = ann.get(reverse("portal:customer_case", args=[case.reference])).content.decode()
    assert "photo.jpg" in page
    download = ann.get(reverse("portal:customer_evidence", args=[case.reference, evidence.token]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]


def test_a_bad_file_with_more_information_saves_nothing(ann, make_case):
    case = make_case()
    text = ann.post(
        reverse("portal:add_information", args=[case.reference]),
        {"text": "See attached.", "evidence": [SimpleUploadedFile("x.exe", b"MZ")]},
    ).content.decode()
    assert "x.exe must be a PDF, JPG, PNG or DOCX" in text
    assert not EvidenceFile.objects.exists() and not case.customer_requests.exists()


def test_staff_download_evidence_through_the_case_access_rules(
    client, make_case, lead_officer, complaints_officer, social_care_officer, adult_social_care, councillor
):
    case = make_case()
    sign_in_as(client, "ann@example.org")
    client.post(reverse("portal:add_information", args=[case.reference]), {"text": "Photo.", "evidence": [png()]})
    evidence = EvidenceFile.objects.get()
    url = reverse("portal:staff_evidence", args=[evidence.token])
    # The customer's session is not a staff account.
    assert client.get(url).url.startswith(reverse("login"))
    client.force_login(councillor)
    assert client.get(url).status_code == 404
    client.force_login(complaints_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert url in page and "photo.png" in page
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    assert response["Content-Type"] == "application/octet-stream" and "attachment" in response["Content-Disposition"]
    # A restricted case's files: only for those who may open the case.
    Case.objects.filter(pk=case.pk).update(is_restricted=True, service_area=adult_social_care)
    client.force_login(lead_officer)
    assert client.get(url).status_code == 404
    client.force_login(social_care_officer)
    assert client.get(url).status_code == 200


def test_another_customer_cannot_download_a_file(client, make_case, bobs_case):
    case = make_case()
    sign_in_as(client, "ann@example.org")
    client.post(reverse("portal:add_information", args=[case.reference]), {"text": "Photo.", "evidence": [png()]})
    evidence = EvidenceFile.objects.get()
    sign_in_as(client, BOB)
    assert client.get(reverse("portal:customer_evidence", args=[case.reference, evidence.token])).status_code == 404
    assert (
        client.get(reverse("portal:customer_evidence", args=[bobs_case.reference, evidence.token])).status_code == 404
    )


def test_files_from_abandoned_forms_are_deleted_once_the_form_can_no_longer_be_sent(
    at_evidence, answer_complaint, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from putright.portal.jobs import public_housekeeping

    at_evidence.post(EVIDENCE, {"evidence": [pdf()]})
    abandoned = EvidenceFile.objects.get()
    abandoned_path = Path(abandoned.file.path)
    sent_with_a_case = Client()  # another resident, who does send their form
    answer_up_to_evidence(sent_with_a_case)
    sent_with_a_case.post(EVIDENCE, {"evidence": [png()]})
    answer_complaint(sent_with_a_case, {"evidence": {}})
    sent_with_a_case.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(sent_with_a_case)})
    kept = EvidenceFile.objects.get(case__isnull=False)

    session_age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    long_ago = timezone.now() - session_age - timedelta(hours=1)
    EvidenceFile.objects.update(created_at=long_ago, form_last_used_at=long_ago)
    almost = timezone.now() - timedelta(hours=2)  # the abandoned form's session is still alive then
    with django_capture_on_commit_callbacks(execute=True):
        public_housekeeping(almost)
    assert EvidenceFile.objects.count() == 2 and abandoned_path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        outcome = public_housekeeping(timezone.now())
    assert "deleted 1 abandoned upload(s)" in outcome
    assert list(EvidenceFile.objects.all()) == [kept]
    assert not abandoned_path.exists()
    assert Path(kept.file.path).exists()


def test_a_file_uploaded_long_ago_is_kept_while_its_form_is_still_being_filled_in(at_evidence, settings):
    from datetime import timedelta

    from django.utils import timezone

    from putright.portal.services.evidence import remove_abandoned_uploads

    at_evidence.post(EVIDENCE, {"evidence": [pdf()]})
    long_ago = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE, hours=1)
    EvidenceFile.objects.update(created_at=long_ago, form_last_used_at=long_ago)
    # The resident comes back to the form (their session is still alive) and answers the next question.
    response = at_evidence.post(step_url("complaint", "put-right"), {"put_right": "Fix the roof."})
    assert response.status_code == 302
    assert remove_abandoned_uploads(timezone.now()) == 0
    assert EvidenceFile.objects.count() == 1
