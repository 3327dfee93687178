"""Customers' files are scanned by a real ClamAV daemon before anyone can open them; files that carry script, macros
or programs are refused; a file that cannot be scanned yet is kept but held, never served, until a scan clears it."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from putright.core.scanning import ScanStatus, scan
from putright.core.tests.clamd import EICAR
from putright.portal.models import EvidenceFile
from putright.portal.services.evidence import scan_held_files
from putright.portal.tests.test_evidence import EVIDENCE, answer_up_to_evidence, png

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 2, 10, tzinfo=UTC)


def pdf_with(body: bytes, name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + body + b"\n%%EOF\n", content_type="application/pdf")


def docx_with(*extra: tuple[str, bytes], types: str = "<Types/>") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", "<document/>")
        for name, content in extra:
            archive.writestr(name, content)
    return SimpleUploadedFile("report.docx", buffer.getvalue())


@pytest.fixture
def at_evidence(client, services):
    answer_up_to_evidence(client)
    return client


def test_clamd_finds_the_test_signature_and_passes_a_clean_file(clamd_socket):
    infected = scan(io.BytesIO(b"%PDF-1.4\n" + EICAR))
    assert infected.status is ScanStatus.INFECTED and "PutRight.Test.EICAR" in infected.detail
    assert scan(io.BytesIO(b"%PDF-1.4\nA letter about the roof.\n")).status is ScanStatus.CLEAN


def test_a_pdf_carrying_a_virus_is_refused_and_nothing_is_kept(at_evidence, clamd_socket):
    text = at_evidence.post(EVIDENCE, {"evidence": [pdf_with(EICAR, "photo-of-damp.pdf")]}).content.decode()
    assert "photo-of-damp.pdf contains a virus" in text
    assert not EvidenceFile.objects.exists()


def test_a_clean_file_is_kept_as_scanned_clean(at_evidence, clamd_socket):
    assert at_evidence.post(EVIDENCE, {"evidence": [pdf_with(b"A letter.")]}).status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.scan_status == ScanStatus.CLEAN and evidence.scanned_at is not None


@pytest.mark.parametrize(
    ("upload", "what"),
    [
        (pdf_with(b"<html><body><script>alert(1)</script></body></html>"), "a web page inside a .pdf"),
        (pdf_with(b"1 0 obj << /Type /Action /S /JavaScript /JS (app.alert(1)) >> endobj"), "a PDF with script"),
        (pdf_with(b"1 0 obj << /Type /Action /S /Launch /F (cmd.exe) >> endobj"), "a PDF that launches a program"),
        # A name may spell any character as #xx (PDF 1.7, 7.3.5): /Java#53cript is /JavaScript to a reader.
        (pdf_with(b"1 0 obj << /Type /Action /S /Java#53cript /J#53 (app.alert(1)) >> endobj"), "script spelt in #xx"),
        (pdf_with(b"1 0 obj << /Type /Action /S /#4caunch /F (cmd.exe) >> endobj"), "a launch spelt in #xx"),
        (docx_with(("word/vbaProject.bin", b"macro")), "a Word document with macros"),
        (
            docx_with(types="<Types><Default ContentType='application/vnd.ms-word.document.macroEnabled'/></Types>"),
            "a macro-enabled document named .docx",
        ),
        (docx_with(("word/media/setup.exe", b"MZ\x90\x00")), "a Word document carrying a program"),
        (docx_with(("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0")), "a Word document with an embedded object"),
    ],
)
def test_files_that_carry_script_macros_or_programs_are_refused(at_evidence, upload, what):
    text = at_evidence.post(EVIDENCE, {"evidence": [upload]}).content.decode()
    assert f"{upload.name} contains scripts, macros or programs" in text, what
    assert not EvidenceFile.objects.exists()


def test_a_file_that_cannot_be_scanned_is_held_unopened_until_a_scan_clears_it(
    client, make_case, complaints_officer, settings, clamd_server
):
    """The scanner is down: the customer's file is not lost, but nobody can open it until it has been scanned."""
    from putright.portal.tests.conftest import sign_in_as

    settings.MALWARE_SCANNING = "clamd"
    settings.CLAMD_SOCKET = str(clamd_server.parent / "not-running.sock")
    case = make_case()
    sign_in_as(client, "ann@example.org")
    response = client.post(
        reverse("portal:add_information", args=[case.reference]), {"text": "Photo.", "evidence": [png()]}
    )
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.scan_status == ScanStatus.PENDING and "could not be reached" in evidence.scan_detail
    customer_url = reverse("portal:customer_evidence", args=[case.reference, evidence.token])
    held = client.get(customer_url)
    assert held.status_code == 409 and "not been checked for viruses yet" in held.content.decode()
    case_page = client.get(reverse("portal:customer_case", args=[case.reference])).content.decode()
    assert "we are checking it for viruses" in case_page

    client.force_login(complaints_officer)
    staff_url = reverse("portal:staff_evidence", args=[evidence.token])
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "not yet checked for viruses" in page and staff_url not in page
    assert client.get(staff_url).status_code == 409

    # Still down: the job leaves it held.
    assert scan_held_files(NOW) == (0, 0, 1)
    # The scanner is back: the next run clears it and it opens.
    settings.CLAMD_SOCKET = str(clamd_server)
    assert scan_held_files(NOW) == (1, 0, 0)
    evidence.refresh_from_db()
    assert evidence.scan_status == ScanStatus.CLEAN
    opened = client.get(staff_url)
    assert opened.status_code == 200 and opened.content.startswith(b"\x89PNG")


def test_a_held_file_found_infected_later_is_never_served(
    client, make_case, complaints_officer, settings, clamd_server
):
    from putright.portal.tests.conftest import sign_in_as

    settings.MALWARE_SCANNING = "clamd"
    settings.CLAMD_SOCKET = str(clamd_server.parent / "not-running.sock")
    case = make_case()
    sign_in_as(client, "ann@example.org")
    client.post(
        reverse("portal:add_information", args=[case.reference]), {"text": "Scan.", "evidence": [pdf_with(EICAR)]}
    )
    evidence = EvidenceFile.objects.get()
    settings.CLAMD_SOCKET = str(clamd_server)
    assert scan_held_files(NOW) == (0, 1, 0)
    evidence.refresh_from_db()
    assert evidence.scan_status == ScanStatus.INFECTED
    client.force_login(complaints_officer)
    refused = client.get(reverse("portal:staff_evidence", args=[evidence.token]))
    assert refused.status_code == 409 and "contains a virus" in refused.content.decode()
    assert (
        "contains a virus: cannot be opened"
        in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    )


def test_with_scanning_switched_off_files_are_kept_as_not_scanned_and_open(ann, make_case, settings):
    settings.MALWARE_SCANNING = "off"
    case = make_case()
    ann.post(reverse("portal:add_information", args=[case.reference]), {"text": "Photo.", "evidence": [png()]})
    evidence = EvidenceFile.objects.get()
    assert evidence.scan_status == ScanStatus.NOT_SCANNED
    assert ann.get(reverse("portal:customer_evidence", args=[case.reference, evidence.token])).status_code == 200


def test_an_ordinary_pdf_whose_font_names_begin_like_script_is_kept(at_evidence):
    upload = pdf_with(b"1 0 obj << /Type /Font /BaseFont /JSKLMN+Arial /Subtype /TrueType >> endobj")
    assert at_evidence.post(EVIDENCE, {"evidence": [upload]}).status_code == 302
    assert EvidenceFile.objects.count() == 1
