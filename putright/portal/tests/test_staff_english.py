"""Staff pages stay in English when the browser chose Welsh on the public pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_pages_are_english_with_a_welsh_cookie(client, complaints_officer, make_case, services):
    case = make_case()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    assert '<html lang="cy"' in client.get("/").content.decode()  # the public side honours the choice
    client.force_login(complaints_officer)
    for url in (reverse("cases:my_cases"), reverse("cases:detail", args=[case.reference])):
        response = client.get(url)
        text = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="en"' in text and "Skip to main content" in text, url
        assert response["Content-Language"] == "en"
    assert '<html lang="en"' in client.get(reverse("login")).content.decode()


def test_staff_errors_are_english_too(client, complaints_officer):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    client.force_login(complaints_officer)
    response = client.get(reverse("cases:detail", args=["PR-2099-00001"]))
    assert response.status_code == 404 and response["Content-Language"] == "en"
