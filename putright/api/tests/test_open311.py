"""Open311 GeoReport v2 as FixMyStreet uses it: form-encoded requests, XML (or JSON) answers, contacts to triage."""

from __future__ import annotations

from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from putright.api.choices import Scope
from putright.api.models import Open311Request
from putright.audit.models import AccessLogEntry
from putright.cases.choices import Channel
from putright.cases.models import Contact
from putright.cases.services import close_contact_without_case

FORM = "application/x-www-form-urlencoded"

# What FixMyStreet posts for a report (its Open311 client: the description block, the reporter, attribute[...]s).
FIXMYSTREET_DESCRIPTION = (
    "title: Overflowing litter bin\n\n"
    "detail: The litter bin by the bus stop on Marlowes has been overflowing since the weekend.\n\n"
    "url: https://www.fixmystreet.com/report/4182733\n\n"
    "Submitted via FixMyStreet\n"
)


def fixmystreet_body(token: str, **overrides: str) -> str:
    fields = {
        "jurisdiction_id": "putright",
        "api_key": token,
        "service_code": "waste",
        "lat": "51.752021",
        "long": "-0.471035",
        "email": "pat.reporter@example.org",
        "first_name": "Pat",
        "last_name": "Reporter",
        "phone": "07700 900123",
        "description": FIXMYSTREET_DESCRIPTION,
        "media_url": "https://www.fixmystreet.com/photo/4182733.0.full.jpeg",
        "attribute[easting]": "505123",
        "attribute[northing]": "207456",
        "attribute[fixmystreet_id]": "4182733",
        "attribute[title]": "Overflowing litter bin",
        "attribute[report_url]": "https://www.fixmystreet.com/report/4182733",
        "attribute[category]": "Litter bins",
        **overrides,
    }
    return urlencode(fields)


@pytest.fixture
def site(make_key, waste):
    return make_key(name="FixMyStreet", scope=Scope.WRITE)


def xml(content: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(content)  # noqa: S314 - PutRight's own answer, not untrusted input


def post(body: str, fmt: str = "xml"):
    return Client().post(reverse("open311:requests", args=[fmt]), body, content_type=FORM)


def test_the_service_list_in_xml_and_json_leaves_out_restricted_services(waste, housing, adult_social_care):
    response = Client().get(reverse("open311:services", args=["xml"]))
    assert response["Content-Type"].startswith("text/xml")
    services = xml(response.content)
    assert services.tag == "services"
    assert [s.findtext("service_code") for s in services] == ["housing-repairs", "waste"]
    assert services[1].findtext("metadata") == "false"
    as_json = Client().get(reverse("open311:services", args=["json"])).json()
    assert [s["service_code"] for s in as_json] == ["housing-repairs", "waste"]
    definition = Client().get(reverse("open311:service", args=["waste", "json"])).json()
    assert definition == {"service_code": "waste", "attributes": []}
    assert Client().get(reverse("open311:service", args=["adult-social-care", "json"])).status_code == 404


def test_a_fixmystreet_report_lands_in_contacts_to_triage(site):
    response = post(fixmystreet_body(site.token))
    assert response.status_code == 201, response.content
    answer = xml(response.content)
    assert answer.tag == "service_requests"
    request_id = answer.find("request").findtext("service_request_id")
    received = Open311Request.objects.get(pk=request_id)
    contact = received.contact
    assert contact.triaged_at is None and contact.channel == Channel.WEB
    assert contact.subject == "Waste and recycling report from FixMyStreet"
    assert contact.raw_text.startswith(FIXMYSTREET_DESCRIPTION.strip())
    assert (
        "fixmystreet_id: 4182733" in contact.raw_text
        and "Photo: https://www.fixmystreet.com/photo/" in contact.raw_text
    )
    assert contact.customer.email == "pat.reporter@example.org" and contact.customer.last_name == "Reporter"
    assert str(received.latitude) == "51.752021" and received.attributes["category"] == "Litter bins"
    assert AccessLogEntry.objects.filter(api_key=site.key, object_type="open311", action="POST").exists()


def test_the_triage_form_starts_with_the_service_the_report_was_sent_for(site, waste, complaints_officer):
    request_id = post(fixmystreet_body(site.token), fmt="json").json()[0]["service_request_id"]
    contact = Open311Request.objects.get(pk=request_id).contact
    client = Client()
    client.force_login(complaints_officer)
    page = client.get(reverse("cases:triage", args=[contact.pk]))
    assert page.status_code == 200
    assert page.context["form"]["service_area"].value() == waste.pk
    assert f'<option value="{waste.pk}" selected>' in page.content.decode()


def test_requests_read_back_with_their_status(site, complaints_officer):
    first = post(fixmystreet_body(site.token), fmt="json").json()[0]["service_request_id"]
    second = post(fixmystreet_body(site.token, description="A second report"), fmt="json").json()[0][
        "service_request_id"
    ]
    client = Client()
    rows = client.get(reverse("open311:requests", args=["json"]), {"api_key": site.token}).json()
    assert {row["service_request_id"] for row in rows} == {first, second}
    assert {row["status"] for row in rows} == {"open"}

    contact = Open311Request.objects.get(pk=second).contact
    close_contact_without_case(contact=contact, note="Passed to the street cleansing team", actor=complaints_officer)
    url = reverse("open311:request", args=[second, "xml"])
    request = xml(client.get(url, {"api_key": site.token}).content).find("request")
    assert request.findtext("status") == "closed"
    assert request.findtext("status_notes") == "Passed to the street cleansing team"
    closed = client.get(reverse("open311:requests", args=["json"]), {"api_key": site.token, "status": "closed"})
    assert [row["service_request_id"] for row in closed.json()] == [second]


def test_another_sites_requests_are_not_readable(site, make_key):
    request_id = post(fixmystreet_body(site.token), fmt="json").json()[0]["service_request_id"]
    other = make_key(name="Another site").token
    response = Client().get(reverse("open311:request", args=[request_id, "json"]), {"api_key": other})
    assert response.status_code == 404
    assert Client().get(reverse("open311:request", args=[request_id, "json"])).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "status", "description"),
    [
        ({"api_key": "nope.nope"}, 403, "api_key: missing, not recognised or revoked"),
        ({"service_code": "potholes"}, 404, "service_code: no service 'potholes' (see services.json)"),
        ({"description": ""}, 400, "description: required"),
        ({"lat": "north-ish"}, 400, "lat: enter a number in decimal degrees, like 51.7520"),
        ({"lat": "", "long": ""}, 400, "lat and long, address_string or address_id: a location is required"),
        ({"email": "pat at example"}, 400, "email: not a valid email address"),
        (
            {"phone": "01234"},
            400,
            "phone: The phone number is too short: enter all of it, with the area code, like 01632 960 001 or "
            "07700 900 982",
        ),
    ],
)
def test_a_bad_request_gets_a_georeport_error_and_saves_nothing(site, overrides, status, description):
    response = post(fixmystreet_body(site.token, **overrides))
    assert response.status_code == status
    errors = xml(response.content)
    assert errors.tag == "errors"
    assert errors.find("error").findtext("description") == description
    assert not Contact.objects.exists()


def test_a_read_only_key_cannot_post(make_key, waste):
    response = post(fixmystreet_body(make_key(name="Map viewer").token), fmt="json")
    assert response.status_code == 403
    assert response.json() == [{"code": 403, "description": "api_key: this key may only read"}]


def test_a_site_has_the_same_rate_limit_as_the_api(site, settings):
    from django.core.cache import cache

    cache.clear()
    settings.PUTRIGHT_API_RATE_LIMIT = "1/minute"
    url = reverse("open311:requests", args=["json"])
    assert Client().get(url, {"api_key": site.token}).status_code == 200
    limited = Client().get(url, {"api_key": site.token})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert limited.json() == [{"code": 429, "description": "Too many requests for this api_key: try again later"}]
