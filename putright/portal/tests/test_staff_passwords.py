"""Staff passwords: changing one's own (the validators apply, the session stays) and resetting a forgotten one by a
single-use emailed link that goes through the outbox and is removed from it once sent."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from conftest import PASSWORD
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import send_due
from putright.portal.staff_passwords import LINK_REMOVED, MESSAGE_NAME

pytestmark = pytest.mark.django_db
NEW = "kettle-lantern-orchard-47"
CHANGE = "/password/change/"
RESET = "/password/reset/"


def _change(client, old: str, new: str):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def _main(response) -> str:
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def test_signed_in_staff_see_a_change_password_link_and_the_form(client, lead_officer):
    client.force_login(lead_officer)
    text = client.get(reverse("cases:my_cases")).content.decode()
    assert f'href="{CHANGE}"' in text
    page = client.get(CHANGE).content.decode()
    assert "Change your password" in page and "Your current password" in page and "At least 12 characters" in page


def test_a_wrong_current_password_is_refused_and_nothing_changes(client, lead_officer):
    client.force_login(lead_officer)
    text = _change(client, "not-my-password", NEW).content.decode()
    assert "govuk-error-summary" in text and "Your current password is not right" in text
    assert 'id="id_old_password-error"' in text
    lead_officer.refresh_from_db()
    assert lead_officer.check_password(PASSWORD)


def test_a_common_password_is_refused_with_a_clear_message(client, lead_officer):
    client.force_login(lead_officer)
    text = _change(client, PASSWORD, "password1234").content.decode()
    assert "This password is too common." in text and 'id="id_new_password2-error"' in text
    text = client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"}
    ).content.decode()
    assert "The two new passwords are not the same" in text
    lead_officer.refresh_from_db()
    assert lead_officer.check_password(PASSWORD)


def test_a_changed_password_keeps_this_session_signed_in(client, lead_officer):
    client.force_login(lead_officer)
    response = _change(client, PASSWORD, NEW)
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    assert client.get(response.url).status_code == 200
    assert client.get(reverse("cases:my_cases")).status_code == 200  # still signed in
    lead_officer.refresh_from_db()
    assert lead_officer.check_password(NEW)


def test_the_sign_in_page_links_to_the_reset(client, organisation):
    assert f'href="{RESET}"' in client.get(reverse("login")).content.decode()


def _ask(client, email: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(RESET, {"email": email})


def _link(text: str) -> str:
    match = re.search(r"https?://\S+(/password/reset/[^/\s]+/[^/\s]+/)", text)
    assert match, text
    return match.group(1)


def test_a_known_address_is_emailed_a_link_through_the_outbox_and_an_unknown_one_gets_the_same_page(
    client, lead_officer, django_capture_on_commit_callbacks
):
    lead_officer.email = "liam@example.gov.uk"
    lead_officer.save()
    unknown = _ask(client, "nobody@example.gov.uk", django_capture_on_commit_callbacks)
    assert OutboundMessage.objects.filter(template_name=MESSAGE_NAME).count() == 0
    known = _ask(client, "Liam@Example.gov.uk", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 302 and known.url == unknown.url
    assert _main(client.get(known.url)) == _main(client.get(unknown.url))
    message = OutboundMessage.objects.get(template_name=MESSAGE_NAME)
    assert message.to_address == "liam@example.gov.uk" and message.case is None
    link = _link(message.body_text)
    send_due()
    assert mail.outbox[-1].to == ["liam@example.gov.uk"] and link in mail.outbox[-1].body
    message.refresh_from_db()
    assert link not in message.body_text and link not in message.body_html and LINK_REMOVED in message.body_text


def test_a_blank_or_malformed_address_gets_the_govuk_error(client, organisation):
    text = client.post(RESET, {"email": "not-an-email"}).content.decode()
    assert "Enter an email address in the correct format" in text and 'id="id_email-error"' in text
    assert "Enter your email address" in client.post(RESET, {"email": ""}).content.decode()


def test_the_link_sets_a_new_password_once_and_unlocks_a_locked_out_account(
    client, lead_officer, django_capture_on_commit_callbacks
):
    lead_officer.email = "liam@example.gov.uk"
    lead_officer.save()
    for n in range(5):  # locked out by wrong passwords
        client.post(reverse("login"), {"username": lead_officer.username, "password": f"guess-{n}"})
    assert client.post(reverse("login"), {"username": lead_officer.username, "password": PASSWORD}).status_code == 429
    _ask(client, lead_officer.email, django_capture_on_commit_callbacks)
    link = _link(OutboundMessage.objects.get(template_name=MESSAGE_NAME).body_text)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    refused = client.post(set_url, {"new_password1": "password1234", "new_password2": "password1234"})
    assert "This password is too common." in refused.content.decode()
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    lead_officer.refresh_from_db()
    assert lead_officer.check_password(NEW)
    assert client.post(reverse("login"), {"username": lead_officer.username, "password": NEW}).status_code == 302
    client.logout()
    second = client.get(link, follow=True)
    assert "This link does not work" in second.content.decode()
    assert "Choose a new password" not in second.content.decode()


def test_too_many_resets_for_one_address_send_no_more_emails(
    client, lead_officer, settings, django_capture_on_commit_callbacks
):
    settings.PUTRIGHT_SIGN_IN_LINKS_PER_EMAIL_PER_HOUR = 2
    lead_officer.email = "liam@example.gov.uk"
    lead_officer.save()
    urls = {_ask(client, lead_officer.email, django_capture_on_commit_callbacks).url for _ in range(4)}
    assert urls == {reverse("password_reset_done")}
    assert OutboundMessage.objects.filter(template_name=MESSAGE_NAME).count() == 2
