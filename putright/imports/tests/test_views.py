"""The staff import page: administrators only; upload, dry-run report, confirm, and the rows not imported."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from putright.cases.models import Case
from putright.imports import runs
from putright.imports.models import ImportRun, ImportStatus
from putright.imports.tests.conftest import EXAMPLES

pytestmark = pytest.mark.django_db


def upload(client, export: str = "caseworks-cases.csv", mapping: str = "caseworks.toml", text: str | None = None):
    content = text.encode() if text is not None else (EXAMPLES / export).read_bytes()
    return client.post(
        reverse("imports:start"),
        {
            "export": SimpleUploadedFile(export, content),
            "mapping": SimpleUploadedFile(mapping, (EXAMPLES / mapping).read_bytes()),
        },
    )


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_only_administrators_reach_the_import_pages(client, administrator, complaints_officer, manager):
    run = ImportRun.objects.create(
        mapping_name="m.toml", mapping_text="", file_name="x.csv", file_data=b"", created_by=administrator
    )
    urls = [
        reverse("imports:start"),
        reverse("imports:run", args=[run.token]),
        reverse("imports:rejects", args=[run.token]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to sign in
    for someone in (complaints_officer, manager):
        client.force_login(someone)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(reverse("imports:confirm", args=[run.token])).status_code == 404
    client.force_login(administrator)
    assert client.get(urls[0]).status_code == 200


def test_upload_dry_run_report_then_confirm_imports_the_export(admin_client):
    response = upload(admin_client)
    run = ImportRun.objects.get()
    assert response.url == reverse("imports:run", args=[run.token])
    assert "Starting" in admin_client.get(response.url).content.decode()  # the check waits for the worker

    runs.check_run(run.token)  # what the worker does

    page = admin_client.get(response.url).content.decode()
    assert "12 rows checked: 12 good, 0 bad" in page
    assert "Every row is good. Nothing has been imported yet." in page
    assert Case.objects.count() == 0

    admin_client.post(reverse("imports:confirm", args=[run.token]), {})
    runs.apply_run(run.token)

    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert Case.objects.count() == 12
    assert "12 rows checked: 12 new, 0 updated, 0 unchanged." in admin_client.get(response.url).content.decode()

    upload(admin_client)  # the same export again changes nothing, and the page says so
    again = ImportRun.objects.exclude(pk=run.pk).get()
    runs.check_run(again.token)
    admin_client.post(reverse("imports:confirm", args=[again.token]), {})
    runs.apply_run(again.token)
    page = admin_client.get(reverse("imports:run", args=[again.token])).content.decode()
    assert "12 rows checked: 0 new, 0 updated, 12 unchanged." in page


def test_bad_rows_are_listed_and_only_the_good_ones_imported_when_chosen(admin_client):
    text = (EXAMPLES / "caseworks-cases.csv").read_text().replace(",ENV,NOISE,", ",ENVX,NOISE,")
    upload(admin_client, text=text)
    run = ImportRun.objects.get()
    runs.check_run(run.token)

    page = admin_client.get(reverse("imports:run", args=[run.token])).content.decode()
    assert "is not one of the mapping&#x27;s codes for service" in page
    assert "Dept Code" in page
    refused = admin_client.post(reverse("imports:confirm", args=[run.token]), {})
    assert refused.status_code == 400
    assert "or choose to import only the good rows" in refused.content.decode()
    assert ImportRun.objects.get().status == ImportStatus.CHECKED

    admin_client.post(reverse("imports:confirm", args=[run.token]), {"good_rows_only": "on"})
    runs.apply_run(run.token)

    assert Case.objects.count() == 11
    rejects = admin_client.get(reverse("imports:rejects", args=[run.token]))
    assert rejects["Content-Type"].startswith("text/csv")
    assert "CW/2024/00291" in rejects.content.decode()


def test_a_mapping_with_mistakes_is_refused_on_the_form(admin_client):
    response = admin_client.post(
        reverse("imports:start"),
        {
            "export": SimpleUploadedFile("cases.csv", b"Ref,Date\nA1,01/01/2024\n"),
            "mapping": SimpleUploadedFile("m.json", b'{"system": "Old", "cases": {"columns": {"reference": "Ref"}}}'),
        },
    )

    assert response.status_code == 200
    assert "map the column that holds &#x27;received&#x27;" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_an_imported_cases_page_shows_its_history_and_where_it_came_from(client, administrator, complaints_officer):
    upload_client = client
    upload_client.force_login(administrator)
    upload(upload_client)
    run = ImportRun.objects.get()
    runs.check_run(run.token)
    upload_client.post(reverse("imports:confirm", args=[run.token]), {})
    runs.apply_run(run.token)
    case = Case.objects.get(imported_reference="CW/2024/00152")
    client.force_login(complaints_officer)

    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()

    assert "Imported from CaseWorks (its reference CW/2024/00152)" in page
    assert "Stage 2 response: partly upheld (on time, due 29 August 2024)." in page
    assert "Escalated to stage 2" in page
    assert "CaseWorks, where its reference was CW/2024/00152" in page
