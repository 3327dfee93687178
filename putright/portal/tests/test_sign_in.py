"""Customer sign-in by a single-use emailed link: the same answer for every address, rate limits, the link's life."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import send_due
from putright.portal.models import SignInLink
from putright.portal.services.signin import SESSION_EMAIL, hash_token
from putright.portal.tests.conftest import ANN

pytestmark = pytest.mark.django_db
SIGN_IN = "/account/sign-in/"


def sign_in_emails():
    # make_case logs a complaint, which queues its own "we have received it" email: count only sign-in emails.
    return OutboundMessage.objects.filter(template_name="portal_sign_in")


def _link_in(message: OutboundMessage) -> str:
    match = re.search(r"https?://\S+/account/sign-in/([A-Za-z0-9_\-]+)/", message.body_text)
    assert match, message.body_text
    return match.group(1)


def _main(response) -> str:
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def _ask(client, email: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(SIGN_IN, {"email": email})


def test_the_sign_in_page_asks_for_an_email_address(client):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert "Sign in to see your cases" in response.content.decode()


def test_a_blank_or_malformed_address_gets_the_govuk_error(client):
    text = client.post(SIGN_IN, {"email": "not-an-email"}).content.decode()
    assert "govuk-error-summary" in text and "Enter an email address in the correct format" in text
    assert 'id="id_email-error"' in text
    assert "Enter your email address" in client.post(SIGN_IN, {"email": ""}).content.decode()
    assert SignInLink.objects.count() == 0


def test_an_address_with_cases_is_emailed_a_link_through_the_outbox(
    client, make_case, django_capture_on_commit_callbacks
):
    make_case()
    response = _ask(client, "Ann@Example.org ", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == reverse("portal:sign_in_sent")
    message = sign_in_emails().get()
    assert message.case is None and message.to_address == ANN and message.template_name == "portal_sign_in"
    token = _link_in(message)
    link = SignInLink.objects.get()
    assert link.token_hash == hash_token(token) and token not in link.token_hash  # only the hash is kept
    assert link.was_sent and timedelta(minutes=29) < link.expires_at - link.created_at <= timedelta(minutes=30)
    send_due()
    assert mail.outbox[-1].to == [ANN] and token in mail.outbox[-1].body


def test_an_address_without_cases_gets_the_same_answer_and_no_email(
    client, make_case, django_capture_on_commit_callbacks
):
    make_case()
    with_cases = _main(client.get(reverse("portal:sign_in_sent")))
    response = _ask(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == reverse("portal:sign_in_sent")
    assert _main(client.get(response.url)) == with_cases
    assert "If we have your email address, we have sent you a link" in with_cases
    assert sign_in_emails().count() == 0
    assert SignInLink.objects.get().was_sent is False  # the same work was done; nothing was sent


def test_following_the_link_shows_a_button_and_changes_nothing(client, make_case, django_capture_on_commit_callbacks):
    make_case()
    _ask(client, ANN, django_capture_on_commit_callbacks)
    token = _link_in(sign_in_emails().get())
    response = client.get(reverse("portal:sign_in_link", args=[token]))
    assert response.status_code == 200 and "Select the button to sign in" in response.content.decode()
    assert SignInLink.objects.get().used_at is None
    assert SESSION_EMAIL not in client.session


def test_pressing_the_button_signs_in_once(client, make_case, django_capture_on_commit_callbacks):
    case = make_case()
    _ask(client, ANN, django_capture_on_commit_callbacks)
    token = _link_in(sign_in_emails().get())
    before = client.session.session_key
    response = client.post(reverse("portal:sign_in_link", args=[token]))
    assert response.status_code == 302 and response.url == reverse("portal:your_cases")
    assert client.session[SESSION_EMAIL] == ANN and client.session.session_key != before
    assert case.reference in client.get(reverse("portal:your_cases")).content.decode()
    # The link is spent: a second press (or a second browser) is refused.
    other = client.__class__()
    again = other.post(reverse("portal:sign_in_link", args=[token]))
    assert again.status_code == 410 and "expired or has already been used" in again.content.decode()
    assert other.get(reverse("portal:sign_in_link", args=[token])).status_code == 410


def test_an_expired_link_does_not_sign_in(client, make_case, django_capture_on_commit_callbacks):
    make_case()
    _ask(client, ANN, django_capture_on_commit_callbacks)
    token = _link_in(sign_in_emails().get())
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("portal:sign_in_link", args=[token])).status_code == 410
    assert client.post(reverse("portal:sign_in_link", args=[token])).status_code == 410
    assert SESSION_EMAIL not in client.session


def test_a_made_up_token_does_not_sign_in(client):
    assert client.post(reverse("portal:sign_in_link", args=["x" * 43])).status_code == 410
    assert SESSION_EMAIL not in client.session


def test_one_email_address_gets_only_so_many_links_an_hour(
    client, settings, make_case, django_capture_on_commit_callbacks
):
    make_case()
    settings.PUTRIGHT_SIGN_IN_LINKS_PER_EMAIL_PER_HOUR = 2
    for _attempt in range(3):
        response = _ask(client, ANN, django_capture_on_commit_callbacks)
        assert response.status_code == 302  # the same answer every time
    assert sign_in_emails().count() == 2


def test_one_ip_address_may_ask_only_so_often(client, settings, make_case, django_capture_on_commit_callbacks):
    make_case()
    settings.PUTRIGHT_SIGN_INS_PER_HOUR = 2
    for email in ("a@example.org", "b@example.org"):
        assert _ask(client, email, django_capture_on_commit_callbacks).status_code == 302
    response = _ask(client, ANN, django_capture_on_commit_callbacks)
    assert response.status_code == 429 and "Too many attempts to sign in" in response.content.decode()
    assert sign_in_emails().count() == 0


def test_a_customer_session_ends_after_its_time(client, settings, make_case):
    from putright.portal.tests.conftest import sign_in_as

    make_case()
    sign_in_as(client, ANN)
    assert client.get(reverse("portal:your_cases")).status_code == 200
    settings.PUTRIGHT_CUSTOMER_SESSION_MINUTES = 0
    assert client.get(reverse("portal:your_cases")).url == reverse("portal:sign_in")


def test_signing_out_forgets_the_address(ann, make_case):
    make_case()
    response = ann.post(reverse("portal:sign_out"))
    assert response.status_code == 302 and SESSION_EMAIL not in ann.session
    assert ann.get(reverse("portal:your_cases")).url == reverse("portal:sign_in")


def test_a_signed_in_customer_is_not_staff(ann, make_case, complaints_officer):
    # Staff pages see an anonymous visitor: sent to the staff sign-in page, never shown a case.
    case = make_case()
    for url in (
        reverse("cases:my_cases"),
        reverse("cases:detail", args=[case.reference]),
        reverse("portal:councillor_home"),
    ):
        response = ann.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_links_are_deleted_a_day_after_they_expire():
    from putright.portal.services.signin import remove_expired_links

    now = timezone.now()
    for name, expires in [("old", now - timedelta(days=1, minutes=1)), ("recent", now - timedelta(hours=23))]:
        SignInLink.objects.create(email=f"{name}@example.org", token_hash=name * 8, expires_at=expires)
    assert remove_expired_links(now) == 1
    assert list(SignInLink.objects.values_list("email", flat=True)) == ["recent@example.org"]
