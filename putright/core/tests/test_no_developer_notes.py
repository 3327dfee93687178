"""Pages cite the Codes and regulations in plain words, never the project's working notes.

A council that installs PutRight has no "DOMAIN.md" and no "../shared" folder: a page, a help text or a stage
rule that points there, says "UNCONFIRMED", or names another council's web page as its source, is a note for
developers shown to users. The rules are documented in docs/rules.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle
from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.procedures.models import Procedure, StageRule
from putright.reporting import services as reporting_services

NOTES = (
    "DOMAIN.md",
    "DESIGN.md",
    "STYLE.md",
    "STACK.md",
    "UNCONFIRMED",
    "../shared",
    "shared/",
    "oxford.gov.uk",
    "slough.gov.uk",
    "walsall.gov.uk",
)
# A page also never sends its reader to the project's own documentation: a council publishing its annual report has
# no "docs/rules.md" to offer. Code comments may cite it; what is shown may not.
SHOWN_NOTES = (*NOTES, "docs/rules", "rules-deadlines", ".md")
ROOT = Path(settings.BASE_DIR)


def _notes_in(text: str) -> list[str]:
    return [note for note in NOTES if note in text]


def _shown_notes_in(text: str) -> list[str]:
    return [note for note in SHOWN_NOTES if note in text]


def test_no_template_carries_a_note_for_developers():
    templates = [path for path in (ROOT / "putright").rglob("templates/**/*") if path.is_file()]
    assert len(templates) > 50
    found = {
        str(path.relative_to(ROOT)): _shown_notes_in(
            re.sub(r"{#.*?#}", "", path.read_text(encoding="utf-8"), flags=re.S)
        )
        for path in templates
    }
    assert {path: notes for path, notes in found.items() if notes} == {}


def test_no_shipped_file_points_outside_the_repository():
    """Code, migrations (their help texts reach the admin), scripts and settings too: not only what a page shows."""
    shipped = [
        path
        for folder in ("putright", "scripts", "bench", "tests")
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
        and path.suffix in {"", ".py", ".html", ".txt", ".md", ".toml", ".yaml", ".js", ".css"}
        and "vendor" not in path.parts
        and path.name != Path(__file__).name
    ]
    shipped += [ROOT / name for name in ("Makefile", ".env.example", "pyproject.toml")]
    assert len(shipped) > 300
    found = {str(path.relative_to(ROOT)): _notes_in(path.read_text(encoding="utf-8")) for path in shipped}
    assert {path: notes for path, notes in found.items() if notes} == {}


def test_the_readme_and_docs_stay_inside_the_repository():
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        assert _notes_in(path.read_text(encoding="utf-8")) == [], path
    assert "docs/rules.md" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_the_preset_rules_cite_the_codes_and_regulations():
    sources = list(StageRule.objects.filter(version__procedure__is_preset=True).values_list("source", flat=True))
    assert len(sources) == 14
    assert [source for source in sources if _notes_in(source) or "http" in source] == []
    code_stage_one = StageRule.objects.get(version__procedure__slug="joint-code", number=1)
    assert code_stage_one.source.startswith("Complaint Handling Code 2024, paragraphs 6.2 to 6.4")


@pytest.fixture
def administrator(organisation) -> User:
    return User.objects.create_superuser("ada_admin", password="x" * 16, role=Role.ADMINISTRATOR)


@pytest.fixture
def statutory_manager(organisation) -> User:
    return User.objects.create_user(username="hetty_head", role=Role.MANAGER, can_see_restricted=True)


@pytest.mark.django_db
def test_staff_pages_cite_the_rules_in_plain_words(
    client, make_case, lead_officer, administrator, statutory_manager, organisation
):
    case = make_case(lead=lead_officer)
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="The roof leak.")
    year = timezone.localdate().year
    reporting_services.start_self_assessment(year=year, actor=statutory_manager, today=timezone.localdate())

    client.force_login(statutory_manager)
    pages = {
        "case page": reverse("cases:detail", args=[case.reference]),
        "TSM page": reverse("reporting:tsm"),
        "annual report": reverse("reporting:annual"),
        "annual report to print": reverse("reporting:annual_print"),
        "reports": reverse("reporting:dashboard"),
        "committee pack": reverse("reporting:committee"),
        "self-assessment": reverse("reporting:self_assessment", args=[year, 1]),
        "adult social care report": reverse("reporting:statutory", args=["adult"]),
        "children's social care report": reverse("reporting:statutory", args=["children"]),
    }
    found = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        found[name] = _shown_notes_in(response.content.decode())
    reports_page = client.get(pages["reports"]).content.decode()
    assert "an extension can never go past a time limit set by regulation" in reports_page
    assert "our own limit may be passed only with a good reason" in reports_page
    assert client.post(reverse("reporting:publish_annual", args=[year])).status_code == 302
    published = Client().get(reverse("publications:annual", args=[year]))
    assert published.status_code == 200
    found["published annual report"] = _shown_notes_in(published.content.decode())
    case_page = client.get(pages["case page"]).content.decode()
    assert "Complaint Handling Code 2024, paragraphs 6.2 to 6.4" in case_page  # "Why these dates" cites the Code
    self_assessment = client.get(pages["self-assessment"]).content.decode()
    assert "Complaint Handling Code 2024, paragraph 5.6" in self_assessment

    client.force_login(administrator)
    code = Procedure.objects.get(slug="joint-code")
    admin_pages = {
        "organisation": reverse("admin:organisation_organisation_change", args=[organisation.pk]),
        "procedure": reverse("admin:procedures_procedure_change", args=[code.pk]),
        "procedure version": reverse("admin:procedures_procedureversion_change", args=[code.versions.get().pk]),
        "report settings": reverse("admin:reporting_reportsettings_add"),
    }
    for name, url in admin_pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        found[name] = _notes_in(response.content.decode())
    version_page = client.get(admin_pages["procedure version"]).content.decode()
    assert "The children's regulations (SI 2006/1738) name Boxing Day" in version_page  # help texts are shown

    assert {name: notes for name, notes in found.items() if notes} == {}
