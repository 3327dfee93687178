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
ENDED_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.DECLINED, CaseStatus.MERGED})


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    RESOLVED_EARLY = "resolved_early", _("Resolved early")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RemedyType(models.TextChoices):
    """The remedies of the Code, section 7.1 (DOMAIN.md §1.8)."""

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
    DEFINITION_CHANGED = "definition_changed", _("Complaint definition changed")
    OMBUDSMAN_REFERRED = "ombudsman_referred", _("Referred to the ombudsman")
    OMBUDSMAN_DECISION = "ombudsman_decision", _("Ombudsman decision recorded")
    OMBUDSMAN_REMEDY_SET = "ombudsman_remedy_set", _("Ombudsman remedy recorded")
    OMBUDSMAN_REMEDY_DONE = "ombudsman_remedy_done", _("Ombudsman remedy complied with")
    LEARNING_ACTION = "learning_action", _("Learning action recorded")
    IMPORTED = "imported", _("Imported from an old system")
