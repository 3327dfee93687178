"""Root cause and the staff complained about, recorded with each response and counted in reports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from putright.cases.choices import CaseStatus
from putright.cases.models import Case, RootCause, StageFinding
from putright.organisation.choices import Role
from putright.organisation.models import User

pytestmark = pytest.mark.usefixtures("frozen_today")


def respond(client, case, **extra):
    case.refresh_from_db()
    return client.post(
        reverse("cases:action", args=[case.reference, "respond"]),
        {"outcome": "upheld", "reasons": "The officer was rude on the phone", "lock_version": case.lock_version}
        | extra,
    )


def test_the_response_records_a_root_cause_and_the_staff_named(client, make_case, lead_officer, waste_leader):
    case = make_case(lead=lead_officer)
    conduct = RootCause.objects.get(name="Staff conduct or attitude")
    client.force_login(lead_officer)
    form = client.get(reverse("cases:action", args=[case.reference, "respond"])).content.decode()
    assert "Root cause" in form and "Policy or procedure not followed" in form  # the starting list
    response = respond(client, case, root_cause=conduct.pk, staff_complained_about=[waste_leader.pk])
    assert response.status_code == 302
    finding = StageFinding.objects.get(stage__case=case)
    assert finding.root_cause == conduct and list(finding.staff_complained_about.all()) == [waste_leader]
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Staff conduct or attitude" in page


def test_only_staff_can_be_named_as_complained_about(client, make_case, lead_officer, waste_leader, councillor):
    """A councillor, or the Member Responsible for Complaints, is not a member of staff."""
    member = User.objects.create_user(
        username="member", first_name="Morgan", last_name="Ellis", role=Role.MEMBER_RESPONSIBLE
    )
    councillor.first_name, councillor.last_name = "Carys", "Councillor"
    councillor.save()
    case = make_case(lead=lead_officer)
    client.force_login(lead_officer)
    form = client.get(reverse("cases:action", args=[case.reference, "respond"])).content.decode()
    staff_list = form.split('name="staff_complained_about"')[1].split("</select>")[0]
    assert waste_leader.get_full_name() in staff_list
    assert "Morgan Ellis" not in staff_list and "Carys Councillor" not in staff_list
    conduct = RootCause.objects.get(is_staff_conduct=True)
    refused = respond(client, case, root_cause=conduct.pk, staff_complained_about=[member.pk])
    assert refused.status_code == 200
    assert not StageFinding.objects.exists()


def test_a_staff_conduct_cause_without_a_name_is_refused_and_nothing_is_answered(client, make_case, lead_officer):
    case = make_case(lead=lead_officer)
    client.force_login(lead_officer)
    response = respond(client, case, root_cause=RootCause.objects.get(is_staff_conduct=True).pk)
    assert response.status_code == 200
    assert "Select the member of staff the complaint is about" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status != CaseStatus.RESPONDED
    assert not StageFinding.objects.exists()


def test_reports_count_causes_and_show_repeated_staff_names_to_managers_only(
    client, make_case, lead_officer, waste_leader, manager, complaints_officer
):
    conduct = RootCause.objects.get(is_staff_conduct=True)
    delay = RootCause.objects.get(name="Delay in providing the service")
    client.force_login(lead_officer)
    for cause in (conduct, conduct, delay):
        staff = [waste_leader.pk] if cause == conduct else []
        respond(client, make_case(lead=lead_officer), root_cause=cause.pk, staff_complained_about=staff)
    client.force_login(manager)
    page = client.get(reverse("reporting:root_causes")).content.decode()
    assert "Staff conduct or attitude" in page and "Delay in providing the service" in page
    assert "Staff named in 2 or more complaints" in page
    assert waste_leader.get_full_name() in page
    client.force_login(complaints_officer)
    page = client.get(reverse("reporting:root_causes")).content.decode()
    assert "Staff conduct or attitude" in page
    assert "Staff named" not in page and waste_leader.get_full_name() not in page
