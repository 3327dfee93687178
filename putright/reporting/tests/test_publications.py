"""What the Code asks to be published (section 8): once a manager publishes it, the annual complaints report (with its
self-assessment and "you said, we did") is on the public site, as it stood then, in a public page and a PDF."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from putright.learning.choices import ActionStatus
from putright.learning.models import LearningAction
from putright.reporting.models import Publication

pytestmark = pytest.mark.django_db
YEAR = 2025


def test_a_manager_publishes_the_annual_report_and_anyone_can_read_it(client, manager, make_case):
    make_case()
    public = Client()
    assert public.get(reverse("publications:annual", args=[YEAR])).status_code == 404
    client.force_login(manager)
    page = client.get(reverse("reporting:annual"), {"year": YEAR}).content.decode()
    assert "Not published on the public site." in page and "Publish on the public site" in page
    assert "Not finished yet:" in page and "the self-assessment has not been started" in page
    assert client.post(reverse("reporting:publish_annual", args=[YEAR])).status_code == 302
    publication = Publication.objects.get(year=YEAR)
    listing = public.get(reverse("publications:list")).content.decode()
    assert publication.title in listing
    report = public.get(reverse("publications:annual", args=[YEAR])).content.decode()
    assert "Annual complaints performance and service improvement report 2025-26" in report
    assert "Self-assessment against the Complaint Handling Code" in report
    assert "Complaint-handling performance" in report
    assert "author may see" not in report  # staff wording stays on the staff page
    pdf = public.get(reverse("publications:annual_pdf", args=[YEAR]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Taken down: gone from the public site.
    client.post(reverse("reporting:publish_annual", args=[YEAR]), {"withdraw": "1"})
    assert public.get(reverse("publications:annual", args=[YEAR])).status_code == 404


def test_the_published_report_stays_as_published_until_published_again(client, manager):
    client.force_login(manager)
    client.post(reverse("reporting:publish_annual", args=[YEAR]))
    Publication.objects.filter(year=YEAR).update(body_html="<p>As it stood then</p>")
    assert "As it stood then" in Client().get(reverse("publications:annual", args=[YEAR])).content.decode()
    client.post(reverse("reporting:publish_annual", args=[YEAR]))
    assert "As it stood then" not in Client().get(reverse("publications:annual", args=[YEAR])).content.decode()
    assert Publication.objects.count() == 1


def test_only_managers_publish(client, complaints_officer):
    client.force_login(complaints_officer)
    assert client.post(reverse("reporting:publish_annual", args=[YEAR])).status_code == 404
    assert not Publication.objects.exists()


def _action(title, owner, *, published=True, done=True, cases=()):
    action = LearningAction.objects.create(
        title=title,
        finding=f"{title}: what went wrong",
        improvement=f"{title}: what we changed",
        owner=owner,
        created_by=owner,
        due_date=date(2026, 12, 1),
        status=ActionStatus.DONE if done else ActionStatus.PLANNED,
        completed_date=date(2026, 2, 20) if done else None,
        is_published=published,
        evidence="Minutes of the service meeting" if done else "",
    )
    action.cases.set(cases)
    return action


def test_you_said_we_did_shows_only_published_changes_with_no_restricted_case(
    manager, make_case, adult_social_care, frozen_today
):
    restricted = make_case(service=adult_social_care, procedure="adult-social-care")
    _action("Bins collected on time", manager)
    _action("Not public yet", manager, published=False)
    _action("Planned only", manager, done=False)
    _action("Care visits", manager, cases=[restricted])
    page = Client().get(reverse("publications:you_said_we_did")).content.decode()
    assert "Bins collected on time: what went wrong" in page and "Bins collected on time: what we changed" in page
    assert "Not public yet" not in page and "Planned only" not in page and "Care visits" not in page


def test_the_public_pages_in_welsh(client, manager):
    client.force_login(manager)
    client.post(reverse("reporting:publish_annual", args=[YEAR]))
    welsh = Client()
    welsh.post(reverse("portal:set_language"), {"language": "cy", "next": "/"})
    listing = welsh.get(reverse("publications:list")).content.decode()
    assert "Sut rydym yn ymdrin â chwynion: ein hadroddiadau" in listing
    report = welsh.get(reverse("publications:annual", args=[YEAR])).content.decode()
    assert "Mae'r ffigurau a'r hunanasesiad isod wedi'u cyhoeddi yn Saesneg." in report


def test_the_learning_page_keeps_done_actions(client, manager):
    _action("Bins collected on time", manager)
    client.force_login(manager)
    page = client.get(reverse("learning:list")).content.decode()
    assert "Bins collected on time" in page and 'In "you said, we did"' in page


def test_every_link_on_the_public_pages_opens_without_signing_in(client, manager, make_case):
    """Public pages must not send a reader to a staff page: follow every link on the published report (and the
    list and "you said, we did" pages) as someone not signed in, and each opens."""
    import re
    from urllib.parse import urldefrag, urlsplit

    make_case()
    client.force_login(manager)
    assert client.post(reverse("reporting:publish_annual", args=[YEAR])).status_code == 302
    public = Client()
    pages = [
        reverse("publications:annual", args=[YEAR]),
        reverse("publications:list"),
        reverse("publications:you_said_we_did"),
    ]
    followed: dict[str, int] = {}
    for url in pages:
        response = public.get(url)
        assert response.status_code == 200
        for href in re.findall(r'href="([^"]+)"', response.content.decode()):
            split = urlsplit(href)
            if split.scheme in ("mailto", "tel") or split.netloc or href.startswith("#"):
                continue  # another site, or a place on the same page
            link = urldefrag(href).url
            if link.startswith("/static/") or link in followed:
                continue
            followed[link] = public.get(link).status_code
    assert reverse("publications:annual_pdf", args=[YEAR]) in followed
    assert "/reports/tsm/" not in followed
    needs_sign_in = {link: status for link, status in followed.items() if status != 200}
    assert needs_sign_in == {}


def test_the_published_report_reads_as_plain_sentences(client, manager, make_case, complaints_officer):
    import html
    import re

    from putright.ombudsman import services as ombudsman
    from putright.procedures.choices import Ombudsman

    ombudsman.refer_to_ombudsman(
        case=make_case(), actor=complaints_officer, ombudsman=Ombudsman.HOUSING, referred_date=date(2025, 9, 1)
    )
    client.force_login(manager)
    assert client.post(reverse("reporting:publish_annual", args=[YEAR])).status_code == 302
    page = Client().get(reverse("publications:annual", args=[YEAR])).content.decode()
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))
    assert "The self-assessment for this year has not been started. The table below lists" in text
    assert re.search(r"Figures were worked out at \d\d:\d\d on \d{1,2} [A-Z][a-z]+ \d{4}\.", text)
    assert "worked out," not in text
    [ombudsman_row] = [row for row in re.findall(r"<tr.*?</tr>", page, re.S) if "Housing Ombudsman" in row]
    assert re.sub(r"<[^>]+>", " ", ombudsman_row).split()[-3:] == ["no", "decisions", "yet"]
    dashboard = client.get(reverse("reporting:dashboard"), {"year": YEAR}).content.decode()
    assert "Figures for 2025-26 (1 April 2025 to 31 March 2026). They count only the cases you may see." in dashboard


def test_the_published_pdf_is_rendered_once_and_then_served_as_kept(client, manager):
    from putright.reporting.models import PublishedPdf

    client.force_login(manager)
    client.post(reverse("reporting:publish_annual", args=[YEAR]))
    public = Client()
    url = reverse("publications:annual_pdf", args=[YEAR])
    first = public.get(url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    kept = PublishedPdf.objects.get(publication__year=YEAR, language="en")
    assert bytes(kept.pdf) == first.content
    # The next reader gets the kept file, not a new rendering (a changed kept copy shows it is the one served).
    PublishedPdf.objects.filter(pk=kept.pk).update(pdf=b"%PDF-1.7 kept copy")
    second = public.get(url)
    assert second.status_code == 200 and second.content == b"%PDF-1.7 kept copy"
    assert second["Content-Disposition"] == f'attachment; filename="complaints-annual-report-{YEAR}.pdf"'
    # A Welsh reader gets the report kept in Welsh (dates in the PDF follow the reader's language).
    welsh = Client()
    welsh.post(reverse("portal:set_language"), {"language": "cy", "next": "/"})
    assert welsh.get(url).content.startswith(b"%PDF-")
    assert sorted(PublishedPdf.objects.values_list("language", flat=True)) == ["cy", "en"]
    # Publishing again replaces the report, so the kept PDFs go; withdrawing it takes them too.
    client.post(reverse("reporting:publish_annual", args=[YEAR]))
    assert not PublishedPdf.objects.exists()
    assert public.get(url).content != b"%PDF-1.7 kept copy"
    client.post(reverse("reporting:publish_annual", args=[YEAR]), {"withdraw": "1"})
    assert public.get(url).status_code == 404
    assert not PublishedPdf.objects.exists()


def test_a_report_published_before_keeps_no_link_to_the_staff_page(client, manager):
    """Reports published earlier carried a link to the staff-only TSM page: the migration turns it into words."""
    from importlib import import_module

    from django.apps import apps

    client.force_login(manager)
    client.post(reverse("reporting:publish_annual", args=[YEAR]))
    migration = import_module("putright.reporting.migrations.0014_publication_pdf_kept")
    Publication.objects.update(body_html=f"<p>Headline figures (a report setting; see {migration.STAFF_LINK}).</p>")
    migration.unlink_staff_page(apps, None)
    page = Client().get(reverse("publications:annual", args=[YEAR])).content.decode()
    assert "(a report setting; see the Tenant Satisfaction Measures)." in page
    assert "/reports/tsm/" not in page
