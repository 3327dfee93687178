"""The Member Responsible for Complaints (Code 9.5): the figures of every unrestricted case, read only, and no case,
customer or staff member's details; from the known data set in conftest.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from putright.organisation.choices import Role
from putright.organisation.models import User

pytestmark = pytest.mark.django_db

Q3 = {"year": "2025", "quarter": "3"}


@pytest.fixture
def member(dataset):
    return User.objects.create_user(username="cllr_mrc", role=Role.MEMBER_RESPONSIBLE)


def test_the_member_sees_the_complaints_teams_figures(client, dataset, member):
    client.force_login(dataset.officer)
    team = client.get(reverse("reporting:committee"), Q3).context["report"]
    client.force_login(member)
    theirs = client.get(reverse("reporting:committee"), Q3).context["report"]
    assert theirs.received == team.received == {1: 7, 2: 1}  # every unrestricted complaint; G is restricted
    assert theirs.remedies == team.remedies


def test_signing_in_lands_on_the_reports_with_only_report_links(client, dataset, member):
    client.force_login(member)
    assert client.get(reverse("portal:signed_in"))["Location"] == reverse("reporting:dashboard")
    page = client.get(reverse("reporting:dashboard"), Q3).content.decode()
    assert reverse("cases:outstanding_remedies") not in page
    assert reverse("reporting:contact_volumes") not in page
    assert reverse("cases:my_cases") not in page
    assert "Annual report and self-assessment" in page


def test_the_member_reads_the_annual_report_and_self_assessment_but_cannot_change_it(client, dataset, member):
    client.force_login(member)
    page = client.get(reverse("reporting:annual"), {"year": "2025"}).content.decode()
    assert "Self-assessment against the Complaint Handling Code" in page
    assert reverse("reporting:self_assessments", kwargs={"year": 2025}) not in page
    assert client.post(reverse("reporting:self_assessments", kwargs={"year": 2025})).status_code == 404
    assert client.get(reverse("cases:detail", args=[dataset.cases["A"].reference])).status_code == 404


def test_a_deactivated_member_reads_nothing(client, dataset, member):
    member.is_active = False
    member.save()
    client.force_login(member)
    refused = client.get(reverse("reporting:dashboard"))  # a deactivated account's session signs nobody in
    assert (
        refused.status_code == 302
        and refused["Location"] == f"{reverse('login')}?next={reverse('reporting:dashboard')}"
    )
