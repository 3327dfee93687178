"""The deadline rules through the lifecycle, and the figures and letters that show their dates
(docs/rules-deadlines.md). Dates are counted by hand in England; the day of receipt is day 0.

Mon 2 Mar 2026 + 10 working days is Mon 16 Mar, + 20 is Mon 30 Mar. Wed 1 Apr 2026 + 25 is Mon 11 May
(Good Friday, Easter Monday and 4 May skipped), + 65 is Tue 7 Jul.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from importlib import import_module
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from putright.cases import lifecycle, services
from putright.cases.choices import CaseKind, CaseStatus, Channel, EventKind, Outcome, TimeLimitDecision
from putright.cases.lifecycle import CaseDetails, TransitionError
from putright.cases.models import Case, Extension, LateComplaintDecision, Stage
from putright.core.periods import financial_year, quarter
from putright.notifications.models import OutboundMessage
from putright.portal.account_rules import escalation_option
from putright.procedures.calendar import WorkingCalendar
from putright.procedures.selectors import current_version
from putright.reporting import queries
from putright.reporting.statutory import panel_timeliness

LONDON = ZoneInfo("Europe/London")
MONDAY_2_MARCH = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
CHILDREN_REGS = "The Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738)"


def extend(case: Case, actor, new_due: date, *, on: date, agreed_on: date | None = None, good_reason: str = ""):
    return lifecycle.extend(
        case=case,
        actor=actor,
        new_due_date=new_due,
        reason="Waiting for the independent person's report",
        agreed_with_customer=agreed_on is not None,
        customer_agreed_on=agreed_on,
        good_reason=good_reason,
        today=on,
    )


def respond(case: Case, actor, on: date) -> Case:
    return lifecycle.respond(
        case=case,
        actor=actor,
        outcome=Outcome.NOT_UPHELD,
        reasons="Explained in the letter.",
        responded_on=on,
        today=on,
    )


# --- statutory maximums are hard ------------------------------------------------------------------------------


# (procedure, new response date, allowed?, words in the refusal) for stage 1 received Mon 2 Mar 2026.
STAGE_ONE_CAPS = [
    ("childrens-social-care", date(2026, 3, 30), True, None),
    (
        "childrens-social-care",
        date(2026, 3, 31),
        False,
        f"{CHILDREN_REGS} reg 14 caps stage 1 at 20 working days, so the response cannot be due later than "
        "30 March 2026",
    ),
    ("spso", date(2026, 3, 16), True, None),  # 5 + 5 working days
    ("spso", date(2026, 3, 17), False, "The SPSO Model Complaints Handling Procedure caps stage 1 at 10 working days"),
    (
        "nipso",
        date(2026, 3, 17),
        False,
        "The NIPSO Model Complaints Handling Procedure caps stage 1 at 10 working days",
    ),
]


@pytest.mark.parametrize(("slug", "new_due", "allowed", "words"), STAGE_ONE_CAPS)
def test_a_cap_set_by_regulation_is_refused_even_with_a_good_reason(
    make_case, lead_officer, slug, new_due, allowed, words
):
    case = make_case(received_at=MONDAY_2_MARCH, procedure=slug, lead=lead_officer)
    if not allowed:
        with pytest.raises(TransitionError) as error:
            extend(case, lead_officer, new_due, on=date(2026, 3, 5), good_reason="The family asked for a meeting first")
        assert words in error.value.message
        assert error.value.field == "new_due_date"
        assert not Extension.objects.filter(stage__case=case).exists()
        return
    case = extend(case, lead_officer, new_due, on=date(2026, 3, 5), agreed_on=date(2026, 3, 5))
    assert case.current_stage.response_due_date == new_due


def test_childrens_stage_two_stops_at_65_working_days_and_the_case_page_names_the_regulation(
    make_case, lead_officer, head_of_service, client
):
    case = make_case(received_at=MONDAY_2_MARCH, procedure="childrens-social-care", lead=lead_officer)
    case = respond(case, lead_officer, date(2026, 3, 13))
    case = lifecycle.escalate(
        case=case, actor=lead_officer, requested_on=date(2026, 4, 1), handler=head_of_service, today=date(2026, 4, 1)
    )
    assert case.current_stage.response_due_date == date(2026, 5, 11)
    with pytest.raises(TransitionError) as error:
        extend(case, head_of_service, date(2026, 7, 8), on=date(2026, 5, 1), good_reason="Complex case")
    assert f"{CHILDREN_REGS} reg 17 caps stage 2 at 65 working days" in error.value.message
    case = extend(case, head_of_service, date(2026, 7, 7), on=date(2026, 5, 1), agreed_on=date(2026, 4, 30))
    assert case.current_stage.response_due_date == date(2026, 7, 7)
    client.force_login(head_of_service)
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert f"{CHILDREN_REGS} reg 17 caps stage 2 at 65 working days" in page
    assert "agreed with the customer on Thu 30 Apr 2026" in page


def test_a_local_cap_may_be_passed_with_a_recorded_good_reason(make_case, lead_officer):
    case = make_case(received_at=MONDAY_2_MARCH, lead=lead_officer)
    case = lifecycle.acknowledge(
        case=case, actor=lead_officer, definition="Roof leak", acknowledged_on=date(2026, 3, 2), today=date(2026, 3, 2)
    )
    # Due Mon 16 Mar; the Code allows 10 working days more (Mon 30 Mar) without a good reason.
    with pytest.raises(TransitionError) as error:
        extend(case, lead_officer, date(2026, 3, 31), on=date(2026, 3, 10))
    assert error.value.field == "good_reason"
    case = extend(case, lead_officer, date(2026, 3, 31), on=date(2026, 3, 10), good_reason="Specialist survey needed")
    extension = Extension.objects.get(stage__case=case)
    assert (extension.working_days_beyond_original, extension.good_reason) == (11, "Specialist survey needed")
    # The reports flag it, and count the response on 31 March as within the extended timescale only.
    respond(case, lead_officer, date(2026, 3, 31))
    stage_one = queries.timeliness(Case.objects.all(), quarter(2025, 4))[0]
    assert (stage_one.beyond_local_limit, stage_one.responded, stage_one.responded_original) == (
        1,
        queries.Share(1, 1),
        queries.Share(0, 1),
    )


# --- extensions are agreed before the deadline -----------------------------------------------------------------

# (recorded on, new date, customer agreed on, field refused or None) for a Code stage 1 due Mon 16 Mar 2026.
EXTENSION_RULES = [
    (date(2026, 3, 16), date(2026, 3, 20), date(2026, 3, 16), None),  # on the response date: allowed
    (date(2026, 3, 17), date(2026, 3, 20), date(2026, 3, 16), "new_due_date"),  # after it: the case is late
    (date(2026, 4, 6), date(2026, 4, 8), None, "new_due_date"),  # three weeks late, not agreed: refused
    (date(2026, 3, 12), date(2026, 3, 21), date(2026, 3, 12), "new_due_date"),  # a Saturday
    (date(2026, 3, 12), date(2026, 3, 20), date(2026, 3, 13), "customer_agreed_on"),  # agreed in the future
    (date(2026, 3, 12), date(2026, 3, 20), date(2026, 2, 27), "customer_agreed_on"),  # before the complaint
    (date(2026, 3, 12), date(2026, 3, 20), None, None),  # not agreed: allowed under the Code, and said so
]


@pytest.mark.parametrize(("on", "new_due", "agreed_on", "refused_field"), EXTENSION_RULES)
def test_an_extension_is_made_before_the_response_date_to_a_working_day(
    make_case, lead_officer, on, new_due, agreed_on, refused_field
):
    case = make_case(received_at=MONDAY_2_MARCH, lead=lead_officer)
    case = lifecycle.acknowledge(
        case=case, actor=lead_officer, definition="Roof leak", acknowledged_on=date(2026, 3, 2), today=date(2026, 3, 2)
    )
    if refused_field:
        with pytest.raises(TransitionError) as error:
            extend(case, lead_officer, new_due, on=on, agreed_on=agreed_on)
        assert error.value.field == refused_field
        case.refresh_from_db()
        assert case.current_stage.response_due_date == date(2026, 3, 16)
        assert not case.events.filter(kind=EventKind.EXTENDED).exists()
        return
    case = extend(case, lead_officer, new_due, on=on, agreed_on=agreed_on)
    extension = Extension.objects.get(stage__case=case)
    assert (extension.agreed_with_customer, extension.customer_agreed_on) == (agreed_on is not None, agreed_on)
    assert timezone_date(extension.granted_at) == on
    event = case.events.get(kind=EventKind.EXTENDED)
    assert ("not agreed with the customer" in event.summary) is (agreed_on is None)


def timezone_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def test_a_saturday_is_refused_with_the_next_working_day_offered(make_case, lead_officer):
    case = make_case(received_at=MONDAY_2_MARCH, lead=lead_officer)
    with pytest.raises(TransitionError) as error:
        extend(case, lead_officer, date(2026, 4, 4), on=date(2026, 3, 5), agreed_on=date(2026, 3, 5))
    assert "4 April 2026 is not a working day (Saturday): choose a working day, such as 7 April 2026" in (
        error.value.message
    )


def test_a_weekend_past_a_cap_set_by_regulation_offers_the_working_day_before(make_case, lead_officer):
    """Received Fri 27 Feb 2026 under the children's regulations: stage 1 cannot be due after Fri 27 March. Asked
    for Sat 28 March, the next working day (Mon 30 March) would be refused, so the Friday is offered."""
    case = make_case(
        received_at=datetime(2026, 2, 27, 10, 0, tzinfo=LONDON), procedure="childrens-social-care", lead=lead_officer
    )
    with pytest.raises(TransitionError) as error:
        extend(case, lead_officer, date(2026, 3, 28), on=date(2026, 3, 5), agreed_on=date(2026, 3, 5))
    assert error.value.message == (
        "28 March 2026 is not a working day (Saturday): choose a working day, such as 27 March 2026"
    )
    case = extend(case, lead_officer, date(2026, 3, 27), on=date(2026, 3, 5), agreed_on=date(2026, 3, 5))
    assert case.current_stage.response_due_date == date(2026, 3, 27)  # the date offered is accepted


def test_adult_social_care_extends_only_by_a_longer_period_agreed_before_the_first_ends(
    make_case, social_care_officer, adult_social_care
):
    case = make_case(received_at=MONDAY_2_MARCH, procedure="adult-social-care", service=adult_social_care)
    # Six months commencing on 2 March 2026 end on 1 September (SI 2009/309 reg 14).
    assert case.current_stage.response_due_date == date(2026, 9, 1)
    with pytest.raises(TransitionError) as error:
        extend(case, social_care_officer, date(2026, 10, 30), on=date(2026, 8, 20))
    assert error.value.field == "agreed_with_customer"
    with pytest.raises(TransitionError) as error:
        extend(case, social_care_officer, date(2026, 10, 30), on=date(2026, 9, 2), agreed_on=date(2026, 9, 1))
    assert "already late" in error.value.message
    case = extend(case, social_care_officer, date(2026, 10, 30), on=date(2026, 8, 20), agreed_on=date(2026, 8, 19))
    assert case.current_stage.response_due_date == date(2026, 10, 30)


# --- a late acknowledgement buys no time ------------------------------------------------------------------------


def test_a_late_acknowledgement_leaves_the_response_due_when_it_would_have_been_and_late_in_tsm_ch02(
    make_case, lead_officer
):
    # Received 2 March, acknowledgement due 9 March, sent 20 March: the response is due 23 March, not 7 April.
    case = make_case(received_at=MONDAY_2_MARCH, lead=lead_officer)
    case = lifecycle.acknowledge(
        case=case,
        actor=lead_officer,
        definition="Roof leak",
        acknowledged_on=date(2026, 3, 20),
        today=date(2026, 3, 20),
    )
    stage = case.current_stage
    stage.refresh_from_db()
    assert stage.response_due_date == date(2026, 3, 23)
    assert "a late acknowledgement gives no extra time" in " ".join(stage.due_explanation)
    letter = OutboundMessage.objects.get(case=case, template_name="acknowledgement")
    assert "We will send you our full response by 23 March 2026." in letter.body_text
    assert case.events.get(kind=EventKind.ACKNOWLEDGED).summary == (
        "Stage 1 acknowledged on 20 March 2026 (late); response due 23 March 2026."
    )
    case = respond(case, lead_officer, date(2026, 4, 7))
    assert case.events.get(kind=EventKind.RESPONDED).data["on_time"] is False
    stage_one = queries.tsm_ch02(Case.objects.all(), quarter(2026, 1), extensions_count=True)[0]
    assert stage_one.headline == queries.Share(0, 1)


# --- the SPSO / NIPSO escalation window, in the letter and the portal --------------------------------------------


def test_the_spso_window_to_ask_for_stage_two_is_six_months_from_receipt_when_later_than_two_from_the_reply(
    make_case, lead_officer
):
    case = make_case(received_at=MONDAY_2_MARCH, procedure="spso", lead=lead_officer)
    case = respond(case, lead_officer, date(2026, 3, 6))
    stage = case.current_stage
    stage.refresh_from_db()
    assert case.status == CaseStatus.RESPONDED
    # Two months from the reply is 6 May; six months from the complaint (the matter is not yet dated) is 2 Sep.
    assert stage.escalation_closes_date == date(2026, 9, 2)
    assert any(line.startswith("May ask for the next stage until Wed 02 Sep 2026") for line in stage.due_explanation)
    # The letter and the portal use the same date.
    letter = OutboundMessage.objects.get(case=case, template_name="stage_response")
    assert "at stage 2 until 2 September 2026" in letter.body_text
    assert escalation_option(case, date(2026, 9, 2)).reason == ""  # may still ask
    assert escalation_option(case, date(2026, 9, 3)).reason == "window_closed"


# --- time limits to complain ------------------------------------------------------------------------------------

# (procedure, date of the matter, late?) for a complaint made on Mon 2 Mar 2026.
TIME_LIMITS = [
    ("joint-code", date(2025, 3, 2), False),  # 12 months end on 2 March 2026: made on the last day
    ("joint-code", date(2025, 3, 1), True),
    ("adult-social-care", date(2025, 3, 1), True),
    ("childrens-social-care", date(2025, 3, 2), False),
    ("spso", date(2025, 9, 2), False),  # 6 months
    ("spso", date(2025, 9, 1), True),
    ("psow", date(2025, 9, 1), True),
    ("member-enquiry", date(2020, 1, 1), False),  # no limit
]


@pytest.mark.parametrize(("slug", "matter", "late"), TIME_LIMITS)
def test_a_complaint_made_outside_the_procedures_time_limit_needs_a_decision(
    make_case, lead_officer, client, slug, matter, late
):
    case = make_case(received_at=MONDAY_2_MARCH, procedure=slug, lead=lead_officer)
    if late:
        with pytest.raises(TransitionError) as error:
            services.record_matter_date(case=case, actor=lead_officer, matter_date=matter, today=date(2026, 3, 3))
        assert error.value.field == "decision"
        assert "Decide whether to accept it" in error.value.message
        case.refresh_from_db()
        assert case.matter_date is None
        case = services.record_matter_date(
            case=case,
            actor=lead_officer,
            matter_date=matter,
            decision=TimeLimitDecision.ACCEPTED,
            reasons="The customer was in hospital for most of the year.",
            today=date(2026, 3, 3),
        )
        decision = LateComplaintDecision.objects.get(case=case)
        assert (decision.decision, decision.decided_by) == (TimeLimitDecision.ACCEPTED, lead_officer)
        assert case.status == CaseStatus.RECEIVED  # accepting late keeps the complaint going
    else:
        case = services.record_matter_date(case=case, actor=lead_officer, matter_date=matter, today=date(2026, 3, 3))
        assert not LateComplaintDecision.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.matter_date == matter
    event = case.events.get(kind=EventKind.TIME_LIMIT_DECISION)
    assert ("accepted" in event.summary) is late
    client.force_login(lead_officer)
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert ("Outside the time limit" in page) is late


def test_refusing_a_late_complaint_declines_it_with_the_ombudsman_signposted(make_case, lead_officer):
    case = make_case(received_at=MONDAY_2_MARCH, lead=lead_officer)
    with pytest.raises(TransitionError) as error:
        services.record_matter_date(
            case=case,
            actor=lead_officer,
            matter_date=date(2024, 6, 1),
            decision=TimeLimitDecision.REFUSED,
            reasons="Too long ago to investigate fairly.",
            today=date(2026, 3, 3),
        )
    assert error.value.field == "signposted_to_ombudsman"
    case = services.record_matter_date(
        case=case,
        actor=lead_officer,
        matter_date=date(2024, 6, 1),
        decision=TimeLimitDecision.REFUSED,
        reasons="Too long ago to investigate fairly.",
        signposted_to_ombudsman=True,
        today=date(2026, 3, 3),
    )
    assert case.status == CaseStatus.DECLINED
    assert case.declined_reason == (
        "The complaint was made after the 12-month time limit: Too long ago to investigate fairly."
    )


def test_a_matter_date_after_the_complaint_is_refused(make_case, lead_officer):
    case = make_case(received_at=MONDAY_2_MARCH, lead=lead_officer)
    with pytest.raises(TransitionError) as error:
        services.record_matter_date(case=case, actor=lead_officer, matter_date=date(2026, 3, 3), today=date(2026, 3, 4))
    assert error.value.field == "matter_date"


def test_recording_the_matter_date_after_the_spso_reply_moves_the_window_to_six_months_from_it(make_case, lead_officer):
    case = make_case(received_at=MONDAY_2_MARCH, procedure="spso", lead=lead_officer)
    case = respond(case, lead_officer, date(2026, 3, 6))
    # The matter happened on 1 October 2025: six months end 1 April, so two months from the reply (6 May) is later.
    services.record_matter_date(case=case, actor=lead_officer, matter_date=date(2025, 10, 1), today=date(2026, 3, 9))
    case.current_stage.refresh_from_db()
    assert case.current_stage.escalation_closes_date == date(2026, 5, 6)
    assert any("the later of 2 months from the reply" in line for line in case.current_stage.due_explanation)


# --- a complex complaint may start at stage 2 under the SPSO and NIPSO model procedures ---------------------------


@pytest.mark.parametrize(("slug", "allowed"), [("spso", True), ("nipso", True), ("joint-code", False)])
def test_a_clearly_complex_complaint_starts_at_the_investigation_stage_where_the_procedure_allows(
    complaints_officer, housing, slug, allowed
):
    details = CaseDetails(
        kind=CaseKind.COMPLAINT,
        kind_reason="Several services, a long history",
        service_area=housing,
        title="Adaptations and rent account",
        description="Many issues over two years.",
        procedure_version=current_version(slug),
        start_at_investigation=True,
    )

    def log() -> Case:
        return services.log_case(
            channel=Channel.PHONE,
            received_at=MONDAY_2_MARCH,
            raw_text="Many issues over two years.",
            actor=complaints_officer,
            details=details,
        )

    if not allowed:
        with pytest.raises(TransitionError) as error:
            log()
        assert error.value.field == "start_at_investigation"
        assert not Case.objects.exists()
        return
    case = log()
    stage = case.current_stage
    # Acknowledge within 3 working days (Thu 5 Mar), respond within 20 (Mon 30 Mar).
    assert (stage.number, stage.acknowledge_due_date, stage.response_due_date) == (
        2,
        date(2026, 3, 5),
        date(2026, 3, 30),
    )
    assert "Stage 2" in stage.title
    assert (
        f"{stage.title} from the start, as a clearly complex complaint."
        in case.events.get(kind=EventKind.LOGGED).summary
    )


# --- existing data: recounted under the current rules ------------------------------------------------------------


def test_recount_deadlines_brings_a_date_counted_under_an_earlier_release_into_line(make_case, lead_officer):
    case = make_case(received_at=MONDAY_2_MARCH, lead=lead_officer)
    case = lifecycle.acknowledge(
        case=case,
        actor=lead_officer,
        definition="Roof leak",
        acknowledged_on=date(2026, 3, 20),
        today=date(2026, 3, 20),
    )
    # As an earlier release counted it: from the late acknowledgement.
    Stage.objects.filter(pk=case.current_stage_id).update(response_due_date=date(2026, 4, 7))
    out = StringIO()
    call_command("recount_deadlines", stdout=out)
    assert f"{case.reference} stage 1: respond by 2026-04-07 -> 2026-03-23" in out.getvalue()
    assert Stage.objects.get(pk=case.current_stage_id).response_due_date == date(2026, 4, 7)  # only listed
    call_command("recount_deadlines", "--apply", stdout=StringIO())
    assert Stage.objects.get(pk=case.current_stage_id).response_due_date == date(2026, 3, 23)
    case.refresh_from_db()
    assert case.next_due_date == date(2026, 3, 23)
    assert case.events.filter(summary__contains="23 March 2026", kind=EventKind.NOTE_ADDED).exists()
    out = StringIO()
    call_command("recount_deadlines", stdout=out)
    assert "0 stage(s) would move." in out.getvalue()


def test_migrating_stops_counting_an_extension_recorded_after_the_response_date(make_case, lead_officer):
    migration = import_module("putright.cases.migrations.0009_late_extensions_not_counted")
    case = make_case(received_at=MONDAY_2_MARCH, lead=lead_officer)
    case = lifecycle.acknowledge(
        case=case, actor=lead_officer, definition="Roof leak", acknowledged_on=date(2026, 3, 2), today=date(2026, 3, 2)
    )
    # As an earlier release allowed: recorded on 6 April, three weeks after the 16 March response date.
    Extension.objects.create(
        stage=case.current_stage,
        previous_due_date=date(2026, 3, 16),
        new_due_date=date(2026, 4, 10),
        working_days_beyond_original=17,
        reason="Late",
        agreed_with_customer=False,
        granted_by=lead_officer,
        granted_at=timezone.make_aware(datetime(2026, 4, 6, 12)),
    )
    Stage.objects.filter(pk=case.current_stage_id).update(response_due_date=date(2026, 4, 10))
    Case.objects.filter(pk=case.pk).update(next_due_date=date(2026, 4, 10))
    migration.restore_due_dates(apps, None)
    stage = Stage.objects.get(pk=case.current_stage_id)
    assert stage.response_due_date == date(2026, 3, 16)
    assert "after the response was due (Mon 16 Mar 2026): not counted" in stage.due_explanation[-1]
    assert Case.objects.get(pk=case.pk).next_due_date == date(2026, 3, 16)
    # The same rule when the dates are counted again.
    assert lifecycle.compute_deadlines(stage).respond_by.due_date == date(2026, 3, 16)


# --- adult social care: a response date agreed at acknowledgement, the six months a backstop ---------------------


def test_adult_social_care_response_date_agreed_at_acknowledgement_with_the_six_months_as_backstop(
    make_case, social_care_officer, adult_social_care
):
    case = make_case(received_at=MONDAY_2_MARCH, procedure="adult-social-care", service=adult_social_care)
    with pytest.raises(TransitionError) as error:
        lifecycle.acknowledge(
            case=case,
            actor=social_care_officer,
            definition="Care visits stopped.",
            acknowledged_on=date(2026, 3, 4),
            agreed_response_date=date(2026, 3, 4),
            today=date(2026, 3, 4),
        )
    assert error.value.field == "agreed_response_date"
    case = lifecycle.acknowledge(
        case=case,
        actor=social_care_officer,
        definition="Care visits stopped.",
        acknowledged_on=date(2026, 3, 4),
        agreed_response_date=date(2026, 4, 30),
        today=date(2026, 3, 4),
    )
    stage = Stage.objects.get(pk=case.current_stage_id)
    assert (stage.agreed_response_date, stage.response_due_date, stage.original_response_due_date) == (
        date(2026, 4, 30),
        date(2026, 4, 30),
        date(2026, 4, 30),
    )
    assert (
        "Respond by Thu 30 Apr 2026: the date agreed with the customer when the complaint was acknowledged on "
        "Wed 04 Mar 2026; the period above (Tue 01 Sep 2026) is the backstop." in stage.due_explanation
    )
    letter = OutboundMessage.objects.get(case=case, template_name="acknowledgement")
    assert "30 April 2026" in letter.body_text


def test_only_a_procedure_that_says_so_agrees_the_response_date_at_acknowledgement(make_case, lead_officer):
    case = make_case(received_at=MONDAY_2_MARCH, lead=lead_officer)
    with pytest.raises(TransitionError) as error:
        lifecycle.acknowledge(
            case=case,
            actor=lead_officer,
            definition="Roof leak",
            acknowledged_on=date(2026, 3, 3),
            agreed_response_date=date(2026, 4, 30),
            today=date(2026, 3, 3),
        )
    assert error.value.field == "agreed_response_date"
    assert "is not agreed at acknowledgement" in error.value.message


# --- children's stage 2: from the request, or from the agreed statement of the complaint ------------------------


def test_childrens_stage_two_may_count_from_the_day_the_written_statement_is_agreed(
    make_case, lead_officer, head_of_service
):
    case = make_case(received_at=MONDAY_2_MARCH, procedure="childrens-social-care", lead=lead_officer)
    with pytest.raises(TransitionError) as error:  # stage 1 counts from receipt only
        lifecycle.start_clock_at_agreed_statement(
            case=case, actor=lead_officer, agreed_on=date(2026, 3, 4), today=date(2026, 3, 4)
        )
    assert "is counted from the request" in error.value.message
    case = respond(case, lead_officer, date(2026, 3, 13))
    case = lifecycle.escalate(
        case=case, actor=lead_officer, requested_on=date(2026, 4, 1), handler=head_of_service, today=date(2026, 4, 1)
    )
    assert case.current_stage.response_due_date == date(2026, 5, 11)
    with pytest.raises(TransitionError) as error:
        lifecycle.start_clock_at_agreed_statement(
            case=case, actor=head_of_service, agreed_on=date(2026, 4, 1), today=date(2026, 4, 10)
        )
    assert error.value.field == "agreed_on"
    # Agreed Wed 8 Apr: 25 working days later is Thu 14 May (4 May skipped); the 65-day cap moves with it.
    case = lifecycle.start_clock_at_agreed_statement(
        case=case, actor=head_of_service, agreed_on=date(2026, 4, 8), today=date(2026, 4, 10)
    )
    stage = Stage.objects.get(pk=case.current_stage_id)
    assert (stage.received_date, stage.statement_agreed_date) == (date(2026, 4, 1), date(2026, 4, 8))
    assert (stage.original_response_due_date, stage.response_due_date) == (date(2026, 5, 14), date(2026, 5, 14))
    assert stage.due_explanation[0] == (
        "Counted from the day the written statement of the complaint was agreed (Wed 08 Apr 2026), not the request "
        "(Wed 01 Apr 2026)."
    )
    assert lifecycle.compute_deadlines(stage).respond_by.due_date == date(2026, 5, 14)


# --- through the case page --------------------------------------------------------------------------------------


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_extend_page_refuses_a_weekend_and_an_agreement_without_its_date_keeping_what_was_typed(
    frozen_today, client, make_case, lead_officer
):
    case = make_case(lead=lead_officer)
    due = case.current_stage.response_due_date
    saturday = due + timedelta(days=(5 - due.weekday()) % 7 or 7)
    client.force_login(lead_officer)
    url = f"/cases/{case.reference}/extend/"
    hint = client.get(url).content.decode()
    assert "The extension must be recorded before the response is due" in hint
    assert "on or before the current response date" not in hint
    form = {
        "lock_version": case.lock_version,
        "reason": "Waiting for the surveyor",
        **date_fields("new_due_date", saturday),
    }
    page = client.post(url, form).content.decode()
    assert "is not a working day (Saturday): choose a working day" in page
    assert "Waiting for the surveyor" in page
    monday = WorkingCalendar("ENG").next_working_day_on_or_after(saturday)
    form |= date_fields("new_due_date", monday) | {"agreed_with_customer": "on"}
    page = client.post(url, form).content.decode()
    assert "Enter the date the customer agreed to the new date" in page
    form |= date_fields("customer_agreed_on", timezone.localdate())
    assert client.post(url, form).status_code == 302
    assert Extension.objects.get(stage__case=case).customer_agreed_on == timezone.localdate()


def test_the_matter_date_page_asks_for_a_decision_on_a_late_complaint(client, make_case, lead_officer):
    case = make_case(received_at=MONDAY_2_MARCH, lead=lead_officer)
    client.force_login(lead_officer)
    url = f"/cases/{case.reference}/matter-date/"
    form = {"lock_version": case.lock_version, **date_fields("matter_date", date(2024, 6, 1))}
    page = client.post(url, form).content.decode()
    assert "made after the 12-month time limit, which ended on 1 June 2025. Decide whether to accept it" in page
    form |= {"decision": "accepted", "reasons": "The customer was abroad caring for a relative."}
    assert client.post(url, form).status_code == 302
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Outside the time limit" in page and "Accepted although made late" in page


# --- children's review panel: meets within 30 working days of the request ----------------------------------------


def test_the_review_panel_meets_within_30_working_days_and_the_annual_report_counts_it(
    client, make_case, lead_officer, head_of_service, manager
):
    case = make_case(received_at=MONDAY_2_MARCH, procedure="childrens-social-care", lead=lead_officer)
    case = respond(case, lead_officer, date(2026, 3, 13))
    case = lifecycle.escalate(
        case=case, actor=lead_officer, requested_on=date(2026, 4, 1), handler=head_of_service, today=date(2026, 4, 1)
    )
    case = services.record_independent_person(case=case, actor=head_of_service, name="Dr Iris Patel")
    case = respond(case, head_of_service, date(2026, 5, 8))
    case = lifecycle.escalate(
        case=case, actor=head_of_service, requested_on=date(2026, 6, 1), handler=manager, today=date(2026, 6, 1)
    )
    stage = Stage.objects.get(pk=case.current_stage_id)
    # Mon 1 June 2026 + 30 working days: Mon 13 July.
    assert stage.panel_meeting_due_date == date(2026, 7, 13)
    assert "Review panel to meet by Mon 13 Jul 2026: 30 working days after the request" in " ".join(
        stage.due_explanation
    )
    with pytest.raises(TransitionError) as error:
        services.record_review_panel(
            case=case,
            actor=manager,
            members=["Ms A Chair", "dr iris patel", "Mr B Member"],
            met_on=date(2026, 7, 10),
            today=date(2026, 7, 10),
        )
    assert "was the independent person at an earlier stage" in error.value.message
    with pytest.raises(TransitionError) as error:
        services.record_review_panel(
            case=case, actor=manager, members=["Ms A Chair", "Mr B Member"], met_on=None, today=date(2026, 7, 10)
        )
    assert error.value.field == "members"
    services.record_review_panel(
        case=case,
        actor=manager,
        members=["Ms A Chair", "Mr B Member", "Mrs C Member"],
        met_on=date(2026, 7, 10),
        today=date(2026, 7, 10),
    )
    assert panel_timeliness(Case.objects.all(), financial_year(2026)) == queries.Share(1, 1)
    client.force_login(manager)
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "To meet by Monday 13 July 2026<br>Met 10 July 2026<br>Ms A Chair<br>Mr B Member<br>Mrs C Member" in page
    assert "Dr Iris Patel" in page


def test_a_stage_without_a_review_panel_refuses_one(make_case, lead_officer):
    case = make_case(received_at=MONDAY_2_MARCH, lead=lead_officer)
    with pytest.raises(TransitionError) as error:
        services.record_review_panel(
            case=case, actor=lead_officer, members=["A", "B", "C"], met_on=None, today=date(2026, 3, 3)
        )
    assert "has no review panel" in error.value.message
