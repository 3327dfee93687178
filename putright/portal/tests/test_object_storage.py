"""Files on S3-compatible object storage (FILE_STORAGE=s3), against a real S3 server on 127.0.0.1 (moto in server
mode): evidence sent with the public complaint form, letter PDFs and inbound email land in the bucket and nowhere
on disk, and come back only through the views that check who may see the case.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from moto.server import ThreadedMotoServer

from putright.cases.models import Case
from putright.filestorage import default_storage
from putright.notifications.models import InboundEmail, OutboundMessage
from putright.notifications.tests.conftest import free_port
from putright.portal.evidence import MAX_FILE_BYTES
from putright.portal.models import EvidenceFile
from putright.portal.tests.conftest import BOB, sign_in_as, step_url, token_on_check_page
from putright.portal.tests.test_evidence import answer_up_to_evidence, pdf, png

pytestmark = pytest.mark.django_db
BUCKET = "council-files"
EML = Path(__file__).parents[2] / "notifications" / "tests" / "eml"


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's server logs every request at INFO
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server: str, settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """An empty private bucket, and PutRight configured from the environment to keep its files there."""
    environment = {
        "FILE_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": "eu-west-2",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="eu-west-2",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty
    settings.STORAGES = {**settings.STORAGES, "default": default_storage()}
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client: Any) -> set[str]:
    return {stored["Key"] for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def body(client: Any, key: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def nothing_on_disk(settings: Any) -> bool:
    media = Path(settings.MEDIA_ROOT)
    return not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_evidence_from_the_complaint_form_is_kept_in_the_bucket_and_downloaded_only_through_the_checked_views(
    client, services, answer_complaint, bucket, settings, complaints_officer, councillor
):
    answer_up_to_evidence(client)
    photo = png("ceiling.png")
    letter = pdf("landlord-letter.pdf", size=MAX_FILE_BYTES)  # the largest file allowed: several S3 reads
    assert client.post(step_url("complaint", "evidence"), {"evidence": [photo, letter]}).status_code == 302
    answer_complaint(client, {"evidence": {}})
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    case = Case.objects.get()
    photo_file = case.evidence_files.get(original_name="ceiling.png")
    letter_file = case.evidence_files.get(original_name="landlord-letter.pdf")
    assert keys(bucket) == {photo_file.file.name, letter_file.file.name}
    assert body(bucket, photo_file.file.name).startswith(b"\x89PNG")
    assert len(body(bucket, letter_file.file.name)) == MAX_FILE_BYTES
    assert nothing_on_disk(settings)

    # The customer downloads their own file (streamed from the bucket) through their account ...
    sign_in_as(client, "ann@example.org")
    own = reverse("portal:customer_evidence", args=[case.reference, letter_file.token])
    response = client.get(own)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == body(bucket, letter_file.file.name)
    # ... and staff who may see the case through the case page's link; nobody else, and nothing links to S3.
    staff_url = reverse("portal:staff_evidence", args=[photo_file.token])
    sign_in_as(client, BOB)
    assert client.get(own).status_code == 404
    client.force_login(councillor)
    assert client.get(staff_url).status_code == 404
    client.force_login(complaints_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert staff_url in page and s3_host(settings) not in page
    response = client.get(staff_url)
    assert response.status_code == 200 and response.content == body(bucket, photo_file.file.name)


def s3_host(settings: Any) -> str:
    return settings.STORAGES["default"]["OPTIONS"]["endpoint_url"].removeprefix("http://")


def test_a_file_taken_back_before_sending_is_deleted_from_the_bucket(
    client, services, bucket, django_capture_on_commit_callbacks
):
    answer_up_to_evidence(client)
    client.post(step_url("complaint", "evidence"), {"evidence": [png()]})
    evidence = EvidenceFile.objects.get()
    assert keys(bucket) == {evidence.file.name}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:remove_evidence", args=["complaint", evidence.token]))
    assert keys(bucket) == set()


def test_inbound_email_and_its_attachments_are_kept_in_the_bucket(bucket, organisation, settings):
    from putright.notifications.inbound.receive import receive_email

    raw = (EML / "pdf_attachment.eml").read_bytes()
    receive_email(raw)
    inbound = InboundEmail.objects.get()
    attachment = inbound.attachments.get()
    assert keys(bucket) == {inbound.raw.name, attachment.file.name}
    assert body(bucket, inbound.raw.name) == raw
    assert body(bucket, attachment.file.name).startswith(b"%PDF-")
    assert nothing_on_disk(settings)


def test_a_letter_pdf_is_kept_in_the_bucket_and_downloaded_by_staff_who_may_see_the_case(
    client, bucket, make_case, lead_officer, complaints_officer, councillor, settings
):
    from putright.cases import lifecycle
    from putright.notifications.outbound.services import deliver
    from putright.people.models import Customer

    case = make_case(lead=lead_officer)
    Customer.objects.filter(pk=case.customer_id).update(email="", address="2 Chapel Row\nThornbury")
    case.refresh_from_db()
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof leak not repaired.")
    letter = OutboundMessage.objects.get(case=case, template_name="acknowledgement")
    deliver(letter.pk)
    letter.refresh_from_db()
    assert keys(bucket) == {letter.document.name}
    assert nothing_on_disk(settings)
    url = reverse("notifications:letter", args=[letter.token])
    client.force_login(councillor)
    assert client.get(url).status_code == 404
    client.force_login(complaints_officer)
    response = client.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content == body(bucket, letter.document.name) and content.startswith(b"%PDF-")


def test_object_storage_needs_a_bucket_and_refuses_an_unknown_kind(monkeypatch):
    monkeypatch.setenv("FILE_STORAGE", "s3")
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    with pytest.raises(ImproperlyConfigured, match="FILE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"):
        default_storage()
    monkeypatch.setenv("FILE_STORAGE", "nfs")
    with pytest.raises(ImproperlyConfigured, match="must be local or s3"):
        default_storage()
    monkeypatch.setenv("FILE_STORAGE", "")
    monkeypatch.delenv("FILE_STORAGE")
    assert default_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
