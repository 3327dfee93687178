"""Every public page in Welsh, chosen with the language switch and remembered for the next page."""

from __future__ import annotations

import gettext
import html
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from putright.cases.models import Case
from putright.portal.tests.conftest import step_url, token_on_check_page

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def welsh(client):
    response = client.post(reverse("portal:set_language"), {"language": "cy", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    return client


def test_english_by_default_with_a_switch_to_welsh(client, services):
    text = page(client.get("/"))
    assert '<html lang="en"' in text
    assert 'lang="cy">Cymraeg</button>' in text and 'aria-current="true" lang="en">English' in text


def test_the_choice_is_remembered_and_the_page_is_marked_welsh(welsh, services):
    text = page(welsh.get("/"))
    assert '<html lang="cy"' in text
    assert "Cwynion, sylwadau a chanmoliaeth" in text
    assert "Mewngofnodi staff" in text
    assert "o fewn 5 diwrnod gwaith" in text  # the timescales, from the procedure, in Welsh
    assert 'lang="en">English</button>' in text


def test_switching_back_to_english(welsh, services):
    welsh.post(reverse("portal:set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en"' in page(welsh.get("/"))


@pytest.mark.parametrize(
    ("slug", "heading"),
    [
        ("who", "Ar gyfer pwy mae'r gŵyn?"),
        ("service", "Am ba wasanaeth mae eich cwyn?"),
        ("what-happened", "Beth ddigwyddodd?"),
        ("when", "Pryd ddigwyddodd hyn?"),
        ("where", "Ble ddigwyddodd hyn?"),
        ("put-right", "Beth hoffech chi i ni ei wneud i unioni pethau?"),
        ("name", "Beth yw eich enw?"),
        ("contact", "Sut dylen ni gysylltu â chi?"),
        ("help", "Oes angen unrhyw help neu newidiadau arnoch"),
    ],
)
def test_each_complaint_page_in_welsh(welsh, answer_complaint, slug, heading):
    answer_complaint(welsh)
    text = page(welsh.get(step_url("complaint", slug)))
    assert '<html lang="cy"' in text and heading in text and "Parhau" in text


def test_welsh_errors_in_the_summary_and_by_the_field(welsh, answer_complaint):
    answer_complaint(welsh)
    text = page(welsh.post(step_url("complaint", "when"), {"happened_on_2": "2025"}))
    assert "<title>Gwall: " in text
    assert "Mae problem wedi codi" in text
    assert '<a href="#id_happened_on_0">Rhaid i\'r dyddiad y digwyddodd gynnwys diwrnod a mis</a>' in text
    assert '<span class="govuk-visually-hidden">Gwall:</span>' in text
    assert ">Diwrnod<" in text and ">Blwyddyn<" in text


def test_welsh_words_for_a_phone_number_and_an_answer_too_long(welsh, answer_complaint):
    answer_complaint(welsh)
    text = page(welsh.post(step_url("complaint", "contact"), {"contact_method": "phone", "phone": "01234"}))
    assert "Mae'r rhif ffôn yn rhy fyr: rhowch y rhif cyfan, gyda'r cod ardal" in text
    text = page(welsh.post(step_url("complaint", "contact"), {"contact_method": "phone", "phone": "12345"}))
    assert "Dechreuwch rif ffôn yn y DU gyda 0, fel 07700 900 982" in text
    email = "a" * 60 + "@" + ("b" * 60 + ".") * 5 + "org"
    text = page(welsh.post(step_url("complaint", "contact"), {"contact_method": "email", "email": email}))
    assert "Cyfeiriad e-bost: defnyddiwch 254 nod neu lai. Rydych chi wedi defnyddio 369." in text
    assert "Ensure this value" not in text


def test_check_answers_and_confirmation_in_welsh_and_the_case_notes_it(welsh, answer_complaint):
    answer_complaint(welsh)
    check = page(welsh.get(reverse("portal:check", args=["complaint"])))
    assert "Gwiriwch eich atebion cyn anfon" in check and "Hydref 2025" in check  # 3 October, in Welsh
    welsh.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(welsh)})
    sent = page(welsh.get(reverse("portal:sent", args=["complaint"])))
    assert "Cwyn wedi'i hanfon" in sent and "Beth sy'n digwydd nesaf" in sent
    case = Case.objects.get()
    assert "Sent in Welsh: reply in Welsh." in case.description
    assert "When it happened: 3 October 2025" in case.description  # officers read the record in English


def test_comment_pages_in_welsh(welsh, services):
    assert "Am ba wasanaeth mae eich sylw?" in page(welsh.get(step_url("comment", "service")))
    assert "Biniau, ailgylchu neu lanhau strydoedd" in page(welsh.get(step_url("comment", "service")))


def test_councillor_pages_in_welsh(welsh, councillor, services):
    welsh.force_login(councillor)
    welsh.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    assert "Yr hyn rydych wedi'i godi" in page(welsh.get(reverse("portal:councillor_home")))
    assert "Beth ydych chi'n ei godi?" in page(welsh.get(reverse("portal:councillor_raise")))


def _po_entries(text: str) -> list[tuple[str, str, str]]:
    """(references, msgid, msgstr) for each singular entry of a .po file; a context is kept as "context\x04msgid"."""
    entries = []
    for block in text.split("\n\n"):
        parts: dict[str, list[str]] = {"msgctxt": [], "msgid": [], "msgstr": []}
        current: list[str] | None = None
        for line in block.splitlines():
            if line.startswith(("msgctxt ", "msgid ", "msgstr ")):
                key, _space, rest = line.partition(" ")
                current = parts[key]
                current.append(json.loads(rest))
            elif line.startswith('"') and current is not None:
                current.append(json.loads(line))
            elif line.startswith(("msgid_plural", "msgstr[")):
                current = None
        refs = " ".join(line for line in block.splitlines() if line.startswith("#:"))
        context = "".join(parts["msgctxt"])
        msgid = "".join(parts["msgid"])
        entries.append((refs, f"{context}\x04{msgid}" if context and msgid else msgid, "".join(parts["msgstr"])))
    return entries


def test_every_public_string_has_welsh_and_the_compiled_catalogue_matches():
    """A new English string on a public page needs Welsh, and django.mo must be recompiled (CI has no gettext)."""
    po = Path(settings.LOCALE_PATHS[0]) / "cy" / "LC_MESSAGES" / "django.po"
    entries = [entry for entry in _po_entries(po.read_text(encoding="utf-8")) if entry[1]]
    public = ("putright/portal/", "templates/base.html", "govuk/_error_summary.html")
    untranslated = [
        msgid
        for refs, msgid, msgstr in entries
        if any(p in refs for p in public) and "models.py" not in refs and not msgstr
    ]
    assert untranslated == []
    with (po.with_suffix(".mo")).open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    # GNUTranslations keys a message with a context as "context\x04msgid", as the entries above are.
    stale = [msgid for _refs, msgid, msgstr in entries if msgstr and compiled._catalog.get(msgid) != msgstr]
    assert stale == [], "run: manage.py compilemessages -l cy --ignore=.venv"


def test_the_record_for_officers_stays_in_english(welsh, answer_complaint):
    answer_complaint(welsh)
    welsh.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(welsh)})
    event = Case.objects.get().events.get()
    assert event.summary.startswith("Complaint logged from a web form")


def test_an_answer_that_is_not_one_of_the_options_is_refused_in_plain_words(client, welsh, services):
    """A stale or tampered form (an option removed since the page loaded): no Django jargon, in either language."""
    english = page(client.__class__().post(step_url("complaint", "who"), {"for_whom": "the-king"}))
    assert "Select one of the options given" in english and "Select a valid choice" not in english
    text = page(welsh.post(step_url("complaint", "who"), {"for_whom": "the-king"}))
    assert "Dewiswch un o&#x27;r opsiynau a roddir" in text or "Dewiswch un o'r opsiynau a roddir" in text


def test_a_complaint_sent_in_welsh_is_answered_in_welsh(welsh, answer_complaint):
    """The customer wrote in Welsh: their record says so, and the acknowledgement email is the Welsh one."""
    from putright.notifications.models import OutboundMessage

    answer_complaint(welsh)
    welsh.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(welsh)})
    case = Case.objects.select_related("customer").get()
    assert case.customer.preferred_language == "cy"
    messages = OutboundMessage.objects.filter(case=case)
    assert messages.exists() and {message.language for message in messages} == {"cy"}
