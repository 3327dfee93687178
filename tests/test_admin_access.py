"""The Django admin follows the restricted-case rule; sign-in links do not stay readable; restricted access
granted there is recorded and alerted, and nobody grants it to themselves."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from putright.audit.models import AccessLogEntry
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import send_due
from putright.ombudsman.models import OmbudsmanReferral
from putright.organisation.choices import Role
from putright.organisation.models import Team, User
from putright.portal.services.signin import ask_for_link


@pytest.fixture
def admin_user(organisation):
    """An administrator with every admin permission but no access to restricted cases."""
    return User.objects.create_superuser(
        username="alex_admin", password="x", email="alex@example.org", role=Role.ADMINISTRATOR
    )


@pytest.fixture
def restricted_case(make_case, adult_social_care):
    return make_case(procedure="adult-social-care", service=adult_social_care, title="Care package stopped")


def test_the_admin_hides_restricted_cases_messages_and_referrals(
    client, admin_user, restricted_case, make_case, complaints_officer
):
    open_case = make_case(title="Bins")
    for case in (restricted_case, open_case):
        OmbudsmanReferral.objects.create(
            case=case, ombudsman="lgsco", referred_date=date(2026, 1, 5), created_by=complaints_officer
        )
    hidden = OutboundMessage.objects.get(case=restricted_case)
    shown = OutboundMessage.objects.get(case=open_case)
    client.force_login(admin_user)
    listing = client.get(reverse("admin:notifications_outboundmessage_changelist")).content.decode()
    assert restricted_case.reference not in listing and open_case.reference in listing
    page = client.get(reverse("admin:notifications_outboundmessage_change", args=[hidden.pk]))
    assert page.status_code == 302  # the admin's answer for an object it cannot find
    assert "Care package" not in client.get(page.url).content.decode()
    assert client.get(reverse("admin:notifications_outboundmessage_change", args=[shown.pk])).status_code == 200
    referrals = client.get(reverse("admin:ombudsman_ombudsmanreferral_changelist")).content.decode()
    assert restricted_case.reference not in referrals and open_case.reference in referrals
    # The statutory complaints manager (may see all restricted cases) sees both.
    admin_user.can_see_restricted = True
    admin_user.save()
    listing = client.get(reverse("admin:notifications_outboundmessage_changelist")).content.decode()
    assert restricted_case.reference in listing


def test_a_sign_in_link_is_not_readable_in_the_outbox(
    client, admin_user, make_case, django_capture_on_commit_callbacks
):
    make_case()
    with django_capture_on_commit_callbacks(execute=False):
        ask_for_link(email="ann@example.org", site_url="https://complaints.example.org", language="en")
    message = OutboundMessage.objects.get(template_name="portal_sign_in")
    assert "/account/sign-in/" in message.body_text  # waiting to be sent, it carries the link
    client.force_login(admin_user)
    page = client.get(reverse("admin:notifications_outboundmessage_change", args=[message.pk])).content.decode()
    assert "/account/sign-in/" not in page and "sign-in link removed once sent" in page
    send_due()
    assert "/account/sign-in/" in mail.outbox[-1].body  # the customer got it
    message.refresh_from_db()
    assert message.status == "sent"
    assert "/account/sign-in/" not in message.body_text and "/account/sign-in/" not in message.body_html
    assert "sign-in link removed once sent" in message.body_text


def _admin_form(client, user):
    page = client.get(reverse("admin:organisation_user_change", args=[user.pk]))
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if name in ("password",) or field.disabled:
            continue
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [v for v in value if v is not None]
        elif value is not None:
            data[name] = value
    for name in ("last_login", "date_joined"):
        data.pop(name, None)
    data["date_joined_0"], data["date_joined_1"] = "2026-01-01", "09:00:00"
    return data


def test_granting_restricted_access_is_recorded_and_other_administrators_are_told(
    client, admin_user, social_care_officer, django_capture_on_commit_callbacks
):
    other_admin = User.objects.create_user(
        username="bea_admin", role=Role.ADMINISTRATOR, email="bea@example.org", password="x"
    )
    client.force_login(admin_user)
    data = _admin_form(client, social_care_officer)
    data["can_see_restricted"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:organisation_user_change", args=[social_care_officer.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    social_care_officer.refresh_from_db()
    assert social_care_officer.can_see_restricted
    assert AccessLogEntry.objects.filter(
        user=admin_user, object_type="user", object_reference=str(social_care_officer.pk), action="grant_restricted"
    ).exists()
    told = OutboundMessage.objects.get(template_name="staff_restricted_access")
    assert told.to_address == other_admin.email
    assert "gave Sara Social access to every restricted case" in told.subject


def test_an_administrator_cannot_grant_themselves_restricted_access(client, admin_user, adult_social_care):
    client.force_login(admin_user)
    data = _admin_form(client, admin_user)
    care_team = Team.objects.create(name="Care", service_area=adult_social_care)
    data.update(can_see_restricted="on", team=care_team.pk, role=Role.MANAGER, first_name="Alexandra")
    assert client.post(reverse("admin:organisation_user_change", args=[admin_user.pk]), data).status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.first_name == "Alexandra"  # their own details they may change
    assert admin_user.can_see_restricted is False and admin_user.team is None
    assert admin_user.role == Role.ADMINISTRATOR
    assert not AccessLogEntry.objects.filter(action="grant_restricted").exists()
