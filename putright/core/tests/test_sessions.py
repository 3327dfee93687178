"""Sessions are read the way Django's database backend reads them (putright/core/sessions.py): a session past its
expiry date signs nobody in, and a live one keeps its user signed in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_live_session_keeps_staff_signed_in_and_an_expired_one_does_not(client, lead_officer):
    client.force_login(lead_officer)
    assert client.get(reverse("cases:my_cases")).status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("cases:my_cases"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
