"""What a contact or case can be, and where it stands. Stored values are lowercase; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    WEB = "web", _("Web form")
    IN_PERSON = "in_person", _("In person")
    COUNCILLOR = "councillor", _("Councillor or MP")
    SOCIAL_MEDIA = "social_media", _("Social media")
    TEXT = "text", _("Text message")


# How a contact reached us, in a sentence: "Received 4 March 2026 by email"; "Complaint logged from an email".
CHANNEL_RECEIVED = {
    Channel.PHONE: "by phone",
    Channel.LETTER: "by letter",
    Channel.EMAIL: "by email",
    Channel.WEB: "through the web form",
    Channel.IN_PERSON: "in person",
    Channel.COUNCILLOR: "through a councillor or MP",
    Channel.SOCIAL_MEDIA: "on social media",
    Channel.TEXT: "by text message",
}
CHANNEL_CONTACT = {
    Channel.PHONE: "a phone call",
    Channel.LETTER: "a letter",
    Channel.EMAIL: "an email",
    Channel.WEB: "a web form",
    Channel.IN_PERSON: "a visit in person",
    Channel.COUNCILLOR: "a councillor or MP",
    Channel.SOCIAL_MEDIA: "a social media message",
    Channel.TEXT: "a text message",
}


class CaseKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SERVICE_REQUEST = "service_request", _("Service request")
    ENQUIRY = "enquiry", _("Enquiry")
    COMMENT = "comment", _("Comment")
    COMPLIMENT = "compliment", _("Compliment")


# Kinds handled without a procedure clock: recorded, thanked or passed on, then closed.
KINDS_WITHOUT_PROCEDURE = frozenset({CaseKind.COMMENT, CaseKind.COMPLIMENT})


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")  # stage 1 open, not yet acknowledged
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")  # acknowledged and defined, investigation not started
    INVESTIGATING = "investigating", _("Investigating")
    RESPONDED = "responded", _("Responded")  # the stage is answered; the customer may escalate
    ESCALATED = "escalated", _("Escalated")  # a later stage is open, not yet acknowledged
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")  # not accepted as a complaint, with reason and ombudsman signposting
    MERGED = "merged", _("Merged")  # folded into another case


OPEN_STATUSES = frozenset(
    {CaseStatus.RECEIVED, CaseStatus.ACKNOWLEDGED, CaseStatus.INVESTIGATING, CaseStatus.ESCALATED}
)
# Still being dealt with: open, or answered while the customer may still come back (ask for the next stage, send more
# information, ask for a call back), and another case may be merged into it. `Case.is_active` asks it of one case.
ACTIVE_STATUSES = OPEN_STATUSES | {CaseStatus.RESPONDED}
# Ended: nothing more happens on the case. Every status is either active or ended, never both.
ENDED_STATUSES = frozenset(CaseStatus) - ACTIVE_STATUSES


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    RESOLVED_EARLY = "resolved_early", _("Resolved early")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RemedyType(models.TextChoices):
    """The remedies of the Code, section 7.1 (docs/rules.md)."""

    APOLOGY = "apology", _("Apologising")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledging where things went wrong")
    EXPLANATION = "explanation", _("Providing an explanation, assistance or reasons")
    ACTION_ON_DELAY = "action_on_delay", _("Taking action if there has been delay")
    RECONSIDER_DECISION = "reconsider_decision", _("Reconsidering or changing a decision")
    AMEND_RECORD = "amend_record", _("Amending a record or adding a correction or addendum")
    FINANCIAL = "financial", _("Providing a financial remedy")
    CHANGE_POLICY = "change_policy", _("Changing policies, procedures or practices")


class LinkKind(models.TextChoices):
    SPLIT_FROM = "split_from", _("Split from")
    MERGED_INTO = "merged_into", _("Merged into")
    DUPLICATE_OF = "duplicate_of", _("Duplicate of")
    RELATED = "related", _("Related to")


class StageStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESPONDED = "responded", _("Responded")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")


class CallDirection(models.TextChoices):
    OUTGOING = "outgoing", _("We called the customer")
    INCOMING = "incoming", _("The customer called us")


class CallOutcome(models.TextChoices):
    SPOKE = "spoke", _("Spoke to the customer")
    VOICEMAIL = "voicemail", _("Left a voicemail")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong number")


class EventKind(models.TextChoices):
    LOGGED = "logged", _("Logged")
    TRIAGED = "triaged", _("Triaged")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INVESTIGATION_STARTED = "investigation_started", _("Investigation started")
    RESPONDED = "responded", _("Responded")
    ESCALATED = "escalated", _("Escalated")
    EXTENDED = "extended", _("Deadline extended")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    SPLIT = "split", _("Split")
    MERGED = "merged", _("Merged")
    LINKED = "linked", _("Linked")
    LEAD_OFFICER_CHANGED = "lead_officer_changed", _("Lead officer changed")
    CONTRIBUTION_REQUESTED = "contribution_requested", _("Contribution requested")
    CONTRIBUTION_RECEIVED = "contribution_received", _("Contribution received")
    CALL_LOGGED = "call_logged", _("Call logged")
    NOTE_ADDED = "note_added", _("Note added")
    EMAIL_RECEIVED = "email_received", _("Email received")  # a reply from the customer, read from the mailbox
    TEXT_RECEIVED = "text_received", _("Text message received")  # a reply from the customer, by GOV.UK Notify
    DEFINITION_CHANGED = "definition_changed", _("Complaint definition changed")
    OMBUDSMAN_REFERRED = "ombudsman_referred", _("Referred to the ombudsman")
    OMBUDSMAN_ENQUIRY = "ombudsman_enquiry", _("Ombudsman enquiry recorded")
    OMBUDSMAN_DECISION = "ombudsman_decision", _("Ombudsman decision recorded")
    OMBUDSMAN_REMEDY_SET = "ombudsman_remedy_set", _("Ombudsman remedy recorded")
    OMBUDSMAN_REMEDY_DONE = "ombudsman_remedy_done", _("Ombudsman remedy complied with")
    LEARNING_ACTION = "learning_action", _("Learning action recorded")
    TIME_LIMIT_DECISION = "time_limit_decision", _("Time limit to complain")
    # What the customer asked for in their online account: each is a request staff must deal with.
    INFORMATION_RECEIVED = "information_received", _("Information from the customer")
    CALLBACK_REQUESTED = "callback_requested", _("Call back requested")
    ESCALATION_REQUESTED = "escalation_requested", _("Next stage requested")
    REQUEST_DONE = "request_done", _("Customer request dealt with")
    ADJUSTMENT_RECORDED = "adjustment_recorded", _("Reasonable adjustment recorded")
    VULNERABILITY_RECORDED = "vulnerability_recorded", _("Vulnerability recorded")
    REPRESENTATIVE_ADDED = "representative_added", _("Representative added")
    REMEDY_ADDED = "remedy_added", _("Remedy added")
    REMEDY_DONE = "remedy_done", _("Remedy carried out")
    CLOSED_WITH_OUTSTANDING = "closed_outstanding", _("Closed with things outstanding")
    PROGRESS_UPDATE = "progress_update", _("Progress update sent")
    NEW_REPLY_DATE = "new_reply_date", _("New reply date given")  # the response is late: when we now expect to reply
    IMPORTED = "imported", _("Imported from an old system")
    LEGAL_HOLD = "legal_hold", _("Legal hold placed or lifted")
    PERSONAL_DATA_ERASED = "personal_data_erased", _("Personal data erased")
    # Awaab's Law: a possible hazard in a social tenant's home, and the steps timed for it.
    HAZARD_ASSESSED = "hazard_assessed", _("Hazard assessed")
    HAZARD_STEP_DONE = "hazard_step_done", _("Hazard step done")
    HAZARD_ACCOMMODATION = "hazard_accommodation", _("Alternative accommodation offered")
    TENURE_RECORDED = "tenure_recorded", _("Tenure recorded")
    CONTACT_RESTRICTED = "contact_restricted", _("Contact restricted")
    RESTRICTION_REVIEWED = "restriction_reviewed", _("Contact restriction reviewed")
    RESPONDED_PARTS_OPEN = "responded_parts_open", _("Responded before a part answered with it")


class TimeLimitDecision(models.TextChoices):
    """What was decided about a complaint made after the procedure's time limit."""

    ACCEPTED = "accepted", _("Accepted although made late")
    REFUSED = "refused", _("Refused as made too late")
