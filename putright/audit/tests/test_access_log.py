"""Every read of personal data is logged with who, what, when, from where and whether it was allowed, and the
information-governance lead reads the log: who looked at this case or person, what a member of staff looked at."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from putright.audit.models import AccessLogEntry
from putright.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def ig_lead(manager):
    manager.reads_access_log = True
    manager.save(update_fields=["reads_access_log"])
    return manager


def test_opening_a_case_logs_who_whose_and_from_where(client, make_case, complaints_officer):
    case = make_case()
    client.force_login(complaints_officer)
    assert client.get(reverse("cases:detail", args=[case.reference]), REMOTE_ADDR="203.0.113.7").status_code == 200
    entry = AccessLogEntry.objects.get(object_type="case", object_reference=case.reference)
    assert entry.user == complaints_officer and entry.customer_id == case.customer_id
    assert entry.ip_address == "203.0.113.7" and entry.allowed and entry.action == "view"


def test_behind_a_load_balancer_the_visitors_own_address_is_logged(client, make_case, complaints_officer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    case = make_case()
    client.force_login(complaints_officer)
    client.get(
        reverse("cases:detail", args=[case.reference]), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert AccessLogEntry.objects.get(object_reference=case.reference).ip_address == "198.51.100.9"


def test_refused_attempts_are_logged(client, make_case, lead_officer, waste_leader, adult_social_care):
    case = make_case(lead=lead_officer)
    restricted = make_case(service=adult_social_care, procedure="adult-social-care", title="Care package")
    Case.objects.filter(pk=restricted.pk).update(is_restricted=True)
    client.force_login(waste_leader)
    # A case they may not read: a 404, logged as refused, under the reference they tried.
    assert client.get(reverse("cases:detail", args=[restricted.reference])).status_code == 404
    refused = AccessLogEntry.objects.get(object_reference=restricted.reference)
    assert not refused.allowed and refused.user == waste_leader
    # Listed under whose case it is, so "who looked at this person" shows the attempt too.
    assert refused.customer_id == restricted.customer_id
    assert client.get(reverse("cases:detail", args=["PR-2099-99999"])).status_code == 404
    assert AccessLogEntry.objects.get(object_reference="PR-2099-99999").customer_id is None  # no such case
    # A case they may read but not act on: the action is refused and logged as such.
    assert client.get(reverse("cases:action", args=[case.reference, "close"])).status_code == 403
    act = AccessLogEntry.objects.get(object_reference=case.reference, action="act")
    assert not act.allowed and act.customer_id == case.customer_id
    # Guessing a contact's number on the triage page.
    assert client.get(reverse("cases:triage", args=[999999])).status_code == 404
    assert AccessLogEntry.objects.filter(object_type="contact", object_reference="999999", allowed=False).exists()


def test_queues_searches_and_reports_are_logged(client, make_case, manager):
    make_case()
    client.force_login(manager)
    client.get(reverse("cases:all_cases"), {"service": ""})
    client.get(reverse("cases:search"), {"q": "leaking roof"})
    client.get(reverse("reporting:dashboard"))
    logged = {(entry.object_type, entry.object_reference) for entry in AccessLogEntry.objects.filter(user=manager)}
    assert ("search", "leaking roof") in logged
    assert ("queue", "/cases/all/?service=") in logged
    assert ("report", "/reports/") in logged


def test_the_ig_lead_sees_who_looked_at_a_person_and_what_a_user_looked_at(
    client, make_case, complaints_officer, lead_officer, ig_lead
):
    case = make_case(lead=lead_officer)
    client.force_login(lead_officer)
    client.get(reverse("cases:detail", args=[case.reference]))
    client.force_login(ig_lead)
    page = client.get(reverse("audit:access_log"), {"person": "ann@example.org"}).content.decode()
    assert "Who looked at Ann Jones" in page
    assert "liam_leader" in page and case.reference in page
    by_user = client.get(reverse("audit:access_log"), {"username": "liam_leader"}).content.decode()
    assert case.reference in by_user
    nobody = client.get(reverse("audit:access_log"), {"person": "nobody@example.org"}).content.decode()
    assert "Nobody on record matches that name, email address, phone number or postcode" in nobody
    assert "Person (name, email address, phone number or postcode)" in nobody  # postcodes are searched too
    # Reading the log is logged too.
    assert AccessLogEntry.objects.filter(user=ig_lead, object_type="access_log").exists()


def test_several_people_with_one_name_are_listed_to_choose_from(client, make_case, ig_lead):
    make_case(last_name="Jones")
    make_case(last_name="Jones", postcode="HP2 2BB")
    client.force_login(ig_lead)
    page = client.get(reverse("audit:access_log"), {"person": "Ann Jones"}).content.decode()
    assert "2 people match: choose one" in page and "HP2 2BB" in page


def test_the_log_downloads_as_csv_with_refusals_marked(client, make_case, waste_leader, adult_social_care, ig_lead):
    restricted = make_case(service=adult_social_care, procedure="adult-social-care")
    Case.objects.filter(pk=restricted.pk).update(is_restricted=True)
    client.force_login(waste_leader)
    client.get(reverse("cases:detail", args=[restricted.reference]))
    client.force_login(ig_lead)
    response = client.get(reverse("audit:access_log_csv"), {"refused": "on"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["when", "who", "from", "what", "which", "whose", "action", "allowed", "detail"]
    assert [[*row[1:5], row[7]] for row in rows[1:]] == [
        ["wendy_waste", "127.0.0.1", "case", restricted.reference, "refused"]
    ]


def test_only_the_ig_lead_reads_the_log(client, manager, complaints_officer):
    for user in (manager, complaints_officer):
        client.force_login(user)
        assert client.get(reverse("audit:access_log")).status_code == 404
        assert client.get(reverse("audit:access_log_csv")).status_code == 404


def test_trying_the_ig_leads_pages_without_the_right_is_logged_as_refused(client, make_case, waste_leader, ig_lead):
    """Curious staff who try the access log, the records pages or a request's download get a 404, and the lead
    sees each attempt among the refused ones."""
    client.force_login(waste_leader)
    tried = [
        reverse("audit:access_log"),
        reverse("audit:access_log_csv") + "?refused=on",
        reverse("records:home"),
        reverse("records:requests"),
        reverse("records:subject_access", args=[1]),
    ]
    for url in tried:
        assert client.get(url).status_code == 404
    assert client.post(reverse("records:home"), {"reference": "PR-2026-00001", "reason": "x"}).status_code == 404
    client.force_login(ig_lead)
    page = client.get(reverse("audit:access_log"), {"username": waste_leader.username, "refused": "on"})
    text = page.content.decode()
    for url in tried:
        assert url.replace("&", "&amp;") in text
    refused = AccessLogEntry.objects.filter(user=waste_leader, allowed=False)
    assert set(refused.values_list("action", flat=True)) == {"view", "act"} and refused.count() == len(tried) + 1


def test_the_ig_lead_sees_refused_attempts_under_the_person_whose_case_it_was(
    client, make_case, waste_leader, adult_social_care, ig_lead
):
    restricted = make_case(service=adult_social_care, procedure="adult-social-care")
    Case.objects.filter(pk=restricted.pk).update(is_restricted=True)
    client.force_login(waste_leader)
    assert client.get(reverse("cases:detail", args=[restricted.reference])).status_code == 404
    client.force_login(ig_lead)
    page = client.get(reverse("audit:access_log"), {"person": "ann@example.org"}).content.decode()
    assert "Who looked at Ann Jones" in page and "wendy_waste" in page and "refused" in page


def test_a_filter_that_matches_nothing_says_so(client, make_case, ig_lead):
    make_case()
    client.force_login(ig_lead)
    page = client.get(reverse("audit:access_log"), {"person": "ann@example.org"}).content.decode()
    assert "Who looked at Ann Jones" in page and "Nothing in the log matches." in page
    page = client.get(reverse("audit:access_log"), {"username": "nobody_at_all"}).content.decode()
    assert "Nothing in the log matches." in page


def test_nobody_gives_themselves_the_access_log_in_the_admin(client, organisation):
    from putright.organisation.choices import Role
    from putright.organisation.models import User

    admin = User.objects.create_superuser("root", "root@example.org", "x" * 16, role=Role.ADMINISTRATOR)
    client.force_login(admin)
    page = client.get(reverse("admin:organisation_user_change", args=[admin.pk])).content.decode()
    assert 'name="reads_access_log"' not in page
    other = User.objects.create_user("ig", role=Role.MANAGER)
    page = client.get(reverse("admin:organisation_user_change", args=[other.pk])).content.decode()
    assert 'name="reads_access_log"' in page


def test_a_name_written_like_a_formula_stays_text_in_the_csv(client, make_case, complaints_officer, ig_lead):
    from putright.people.models import Customer

    case = make_case()
    Customer.objects.filter(pk=case.customer_id).update(first_name='=HYPERLINK("http://x")', last_name="-1+2")
    client.force_login(complaints_officer)
    client.get(reverse("cases:detail", args=[case.reference]))
    client.force_login(ig_lead)
    response = client.get(reverse("audit:access_log_csv"), {"case": case.reference})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][5] == '\'=HYPERLINK("http://x") -1+2'
