"""The access module's two rules (who may read a case, who may act on it) and the pages that follow them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from putright.audit.models import AccessLogEntry
from putright.cases import lifecycle
from putright.cases.access import can_act, can_see, cases_visible_to, visibility_scope
from putright.cases.choices import CaseStatus, LinkKind
from putright.cases.models import Case, Contact
from putright.cases.services import log_contact
from putright.organisation.choices import Role
from putright.organisation.models import Team, User

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def case(make_case, lead_officer):
    return make_case(lead=lead_officer)


@pytest.fixture
def restricted_case(make_case, adult_social_care, social_care_officer):
    return make_case(
        procedure="adult-social-care",
        service=adult_social_care,
        title="Care package stopped",
        text="My mother's care visits stopped without warning.",
        last_name="Pritchard",
    )


# Leak 1: the triage page.


def test_the_triage_page_of_a_contact_that_became_a_restricted_case_is_not_found_for_those_who_may_not_see_it(
    client, restricted_case, complaints_officer, manager, social_care_officer
):
    url = reverse("cases:triage", args=[restricted_case.contact_id])
    for outsider in (complaints_officer, manager):
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code == 404
        assert "Pritchard" not in response.content.decode()
        assert "care visits" not in response.content.decode()
        assert client.post(url, {"decision": "no_case", "nocase-note": "Spam"}).status_code == 404
    restricted_case.contact.refresh_from_db()
    assert restricted_case.contact.triage_note == ""


def test_opening_a_contact_is_logged(client, complaints_officer):
    contact = log_contact(
        channel="email", received_at=datetime(2026, 1, 5, 9, tzinfo=LONDON), raw_text="Bins", actor=None
    )
    client.force_login(complaints_officer)
    assert client.get(reverse("cases:triage", args=[contact.pk])).status_code == 200
    assert AccessLogEntry.objects.filter(
        user=complaints_officer, object_type="contact", object_reference=str(contact.pk), action="view"
    ).exists()


def test_a_triaged_contact_cannot_be_triaged_again(client, case, complaints_officer):
    contact = case.contact
    url = reverse("cases:triage", args=[contact.pk])
    client.force_login(complaints_officer)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "already triaged" in text and case.reference in text
    assert "No case needed" not in text and "Create case" not in text
    refused = client.post(url, {"decision": "no_case", "nocase-note": "Not a complaint after all"})
    assert refused.status_code == 409
    assert "cannot be triaged again" in refused.content.decode()
    contact.refresh_from_db()
    assert contact.triage_note == ""
    assert Contact.objects.get(pk=contact.pk).triaged_at == contact.triaged_at
    again = client.post(
        url,
        {
            "decision": "case",
            "case-kind": "complaint",
            "case-kind_reason": "x",
            "case-service_area": case.service_area_id,
            "case-title": "Second case",
        },
    )
    assert again.status_code == 409
    assert Case.objects.count() == 1


def test_a_contact_recorded_as_needing_no_case_cannot_be_made_a_case_later(client, complaints_officer, housing):
    contact = log_contact(
        channel="email", received_at=datetime(2026, 1, 5, 9, tzinfo=LONDON), raw_text="Spam", actor=None
    )
    client.force_login(complaints_officer)
    url = reverse("cases:triage", args=[contact.pk])
    client.post(url, {"decision": "no_case", "nocase-note": "Spam"})
    second = client.post(url, {"decision": "no_case", "nocase-note": "Overwritten"})
    assert second.status_code == 409
    contact.refresh_from_db()
    assert contact.triage_note == "Spam"
    assert "It was recorded as needing no case: Spam" in client.get(url).content.decode()


# Leak 4: a linked restricted case on an unrestricted case's page.


def test_a_linked_restricted_cases_title_is_hidden_from_those_who_may_not_see_it(
    client, case, restricted_case, lead_officer, social_care_officer
):
    from putright.cases.services import link_cases

    link_cases(case=case, other=restricted_case, kind=LinkKind.RELATED, actor=social_care_officer)
    client.force_login(lead_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Care package stopped" not in page
    assert restricted_case.reference not in page.split("Linked cases")[1].split("Timeline")[0]
    assert "a restricted case you cannot see" in page
    client.force_login(social_care_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Care package stopped" in page


# Leak 5: reading and acting are separate rules.


def test_staff_who_may_only_read_a_case_get_no_action_forms_and_their_actions_are_refused(
    client, case, waste_leader, lead_officer
):
    client.force_login(waste_leader)
    page = client.get(reverse("cases:detail", args=[case.reference]))
    assert page.status_code == 200
    text = page.content.decode()
    assert reverse("cases:action", args=[case.reference, "decline"]) not in text
    assert reverse("cases:action", args=[case.reference, "note"]) not in text
    assert "You can read this case but not change it" in text
    assert client.get(reverse("cases:action", args=[case.reference, "decline"])).status_code == 403
    refused = client.post(
        reverse("cases:action", args=[case.reference, "decline"]),
        {"reason": "Not a complaint", "lock_version": case.lock_version},
    )
    assert refused.status_code == 403
    assert "ask its lead officer" in refused.content.decode()
    case.refresh_from_db()
    assert case.status != CaseStatus.DECLINED
    # The lead officer still acts.
    client.force_login(lead_officer)
    assert client.get(reverse("cases:action", args=[case.reference, "decline"])).status_code == 200


def test_who_may_act_on_a_case(make_case, lead_officer, waste_leader, complaints_officer, manager, head_of_service):
    case = make_case(lead=lead_officer)
    team_mate = User.objects.create_user(
        username="tom", role=Role.INVESTIGATING_OFFICER, team=lead_officer.team, password="x"
    )
    admin = User.objects.create_user(username="ada", role=Role.ADMINISTRATOR, password="x")
    assert can_act(lead_officer, case) and can_act(team_mate, case)
    assert can_act(complaints_officer, case) and can_act(manager, case)
    for reader in (waste_leader, head_of_service, admin):
        assert can_see(reader, case) and not can_act(reader, case)
    # The handler of the current stage acts (a stage 2 reviewer from another team).
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof", acknowledged_on=None)
    stage = case.current_stage
    stage.handler = head_of_service
    stage.save(update_fields=["handler"])
    case.refresh_from_db()
    assert can_act(head_of_service, case)


# Issue 9: one read rule, three derived forms that agree.


def test_the_queryset_the_check_and_the_scope_name_agree_for_every_persona(
    make_case,
    housing,
    waste,
    adult_social_care,
    lead_officer,
    waste_leader,
    complaints_officer,
    manager,
    head_of_service,
    social_care_officer,
    councillor,
):
    other_care = Team.objects.create(name="Second care team", service_area=adult_social_care)
    named_elsewhere = User.objects.create_user(username="nina", role=Role.INVESTIGATING_OFFICER, team=None)
    statutory = User.objects.create_user(username="sam", role=Role.MANAGER, can_see_restricted=True)
    care_mate = User.objects.create_user(username="cara", role=Role.INVESTIGATING_OFFICER, team=other_care)
    retired = User.objects.create_user(username="rita", role=Role.COMPLAINTS_OFFICER, is_active=False)
    from django.contrib.auth.models import AnonymousUser

    make_case(lead=lead_officer)
    make_case(service=waste, lead=waste_leader)
    make_case(procedure="adult-social-care", service=adult_social_care)
    make_case(procedure="adult-social-care", service=adult_social_care, lead=named_elsewhere)
    make_case(procedure="adult-social-care", service=adult_social_care, lead=lead_officer)
    handled = make_case(procedure="adult-social-care", service=adult_social_care)
    stage = handled.current_stage
    stage.handler = head_of_service
    stage.save(update_fields=["handler"])
    personas = [
        lead_officer,
        waste_leader,
        complaints_officer,
        manager,
        head_of_service,
        social_care_officer,
        councillor,
        named_elsewhere,
        statutory,
        care_mate,
        retired,
        AnonymousUser(),
    ]
    cases = list(Case.objects.select_related("current_stage"))
    sets: dict[str, set[int]] = {}
    for persona in personas:
        visible = set(cases_visible_to(persona).values_list("pk", flat=True))
        assert visible == {c.pk for c in cases if can_see(persona, c)}, persona
        scope = visibility_scope(persona)
        assert sets.setdefault(scope, visible) == visible, (persona, scope)
    # The personas differ enough that the names are not all the same.
    assert len(sets) >= 5


def test_splitting_out_a_restricted_case_keeps_its_title_off_the_open_cases_timeline(
    client, case, adult_social_care, complaints_officer, lead_officer
):
    from putright.cases.choices import CaseKind
    from putright.cases.lifecycle import CaseDetails
    from putright.procedures.selectors import current_version

    care = lifecycle.split(
        case=case,
        actor=complaints_officer,
        details=CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="Care part",
            service_area=adult_social_care,
            procedure_version=current_version("adult-social-care"),
            title="Mother's care visits stopped",
            description="Care visits",
        ),
    )
    assert care.is_restricted
    client.force_login(lead_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "care visits stopped" not in page
    assert f"{care.reference} was split from this case" in page
