"""The honeypot and the per-address limit: robots and floods make no cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from putright.cases.models import Case
from putright.portal.tests.conftest import step_url, token_on_check_page

pytestmark = pytest.mark.django_db


def test_a_filled_honeypot_on_a_question_page_saves_nothing(client, services):
    response = client.post(step_url("complaint", "who"), {"for_whom": "myself", "website": "http://spam.example"})
    assert response.status_code == 400
    assert "Your form has not been sent" in response.content.decode()
    assert client.get(reverse("portal:check", args=["complaint"])).url == step_url("complaint", "who")


def test_a_filled_honeypot_on_send_makes_no_case(client, answer_complaint):
    answer_complaint(client)
    token = token_on_check_page(client)
    response = client.post(reverse("portal:check", args=["complaint"]), {"token": token, "website": "x"})
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_the_honeypot_is_hidden_from_people(client, services):
    text = client.get(step_url("complaint", "who")).content.decode()
    assert 'aria-hidden="true" hidden' in text and 'name="website"' in text and 'tabindex="-1"' in text


def test_one_address_may_send_only_so_many_forms_an_hour(client, answer_complaint, settings):
    settings.PUTRIGHT_SUBMISSIONS_PER_HOUR = 2
    for _sent in range(2):
        answer_complaint(client)
        response = client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
        assert response.status_code == 302
    answer_complaint(client)
    response = client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    assert response.status_code == 429
    assert "A lot of forms have been sent from your internet connection" in response.content.decode()
    assert Case.objects.count() == 2


def test_the_limit_is_per_address(client, answer_complaint, settings):
    settings.PUTRIGHT_SUBMISSIONS_PER_HOUR = 1
    answer_complaint(client)
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    answer_complaint(client)
    token = token_on_check_page(client)
    response = client.post(reverse("portal:check", args=["complaint"]), {"token": token}, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302
    assert Case.objects.count() == 2


def send_from(client, answer_complaint, **headers):
    answer_complaint(client)
    token = token_on_check_page(client)
    return client.post(reverse("portal:check", args=["complaint"]), {"token": token}, **headers).status_code


def test_behind_a_load_balancer_the_limit_is_per_visitor_and_a_forged_address_does_not_escape_it(
    client, answer_complaint, settings
):
    settings.PUTRIGHT_SUBMISSIONS_PER_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 1
    balancer = {"REMOTE_ADDR": "10.0.0.5"}  # every request reaches the web node from the load balancer
    assert send_from(client, answer_complaint, HTTP_X_FORWARDED_FOR="203.0.113.7", **balancer) == 302
    # Another visitor, through the same load balancer: their own count.
    assert send_from(client, answer_complaint, HTTP_X_FORWARDED_FOR="198.51.100.20", **balancer) == 302
    # The first visitor again, with a made-up address in front of the one the load balancer appended.
    assert send_from(client, answer_complaint, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7", **balancer) == 429
    assert Case.objects.count() == 2


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, answer_complaint, settings):
    settings.PUTRIGHT_SUBMISSIONS_PER_HOUR = 1
    assert send_from(client, answer_complaint, HTTP_X_FORWARDED_FOR="203.0.113.7") == 302
    assert send_from(client, answer_complaint, HTTP_X_FORWARDED_FOR="198.51.100.20") == 429


def test_a_double_submit_does_not_count_twice(client, answer_complaint, settings):
    settings.PUTRIGHT_SUBMISSIONS_PER_HOUR = 1
    answer_complaint(client)
    token = token_on_check_page(client)
    client.post(reverse("portal:check", args=["complaint"]), {"token": token})
    again = client.post(reverse("portal:check", args=["complaint"]), {"token": token})
    assert again.url == reverse("portal:sent", args=["complaint"])


def test_the_limit_holds_for_the_whole_hour_not_just_minutes_after_the_last_form(client, answer_complaint, settings):
    settings.PUTRIGHT_SUBMISSIONS_PER_HOUR = 2
    with time_machine.travel(datetime(2026, 3, 18, 10, 0, tzinfo=UTC), tick=False) as clock:
        for _sent in range(2):
            assert send_from(client, answer_complaint) == 302
        clock.shift(timedelta(minutes=20))  # the same hour
        assert send_from(client, answer_complaint) == 429
        clock.shift(timedelta(minutes=40))  # the next hour
        assert send_from(client, answer_complaint) == 302
    assert Case.objects.count() == 3
