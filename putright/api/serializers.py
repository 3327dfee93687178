"""The shape of what the API takes and gives. Rules are in the services these feed; messages are written here."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rest_framework import serializers

from putright.cases.choices import CaseKind, CaseStatus, Channel
from putright.cases.models import Case, Contact, Extension, Remedy, Stage, TimelineEvent
from putright.core.forms import EMAIL_MAX_LENGTH, TOO_LONG
from putright.core.phones import check_phone
from putright.ombudsman.models import OmbudsmanReferral, OmbudsmanRemedy
from putright.organisation.models import Category, ServiceArea
from putright.people.choices import ContactMethod
from putright.people.models import Customer
from putright.procedures.models import Procedure

# --- reference data ---------------------------------------------------------------------------------------------


class ServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceArea
        fields = ["slug", "name", "directorate", "is_restricted", "is_housing", "default_procedure_slug"]


class CategorySerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(source="service_area", slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Category
        fields = ["id", "name", "service"]


class ProcedureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Procedure
        fields = ["slug", "name", "description", "is_complaint_procedure"]


# --- cases ------------------------------------------------------------------------------------------------------


class CustomerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ["title", "first_name", "last_name", "email", "phone", "preferred_contact_method", "postcode"]


class CaseSerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(source="service_area", slug_field="slug", read_only=True)
    procedure = serializers.SerializerMethodField()
    team = serializers.StringRelatedField(read_only=True, allow_null=True)
    categories = serializers.StringRelatedField(many=True, read_only=True)
    current_stage = serializers.SerializerMethodField()
    customer = CustomerSerializer(read_only=True, allow_null=True)
    contact_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "reference",
            "kind",
            "status",
            "title",
            "description",
            "desired_outcome",
            "definition",
            "service",
            "procedure",
            "team",
            "categories",
            "is_restricted",
            "postcode",
            "ward",
            "received_at",
            "closed_at",
            "current_stage",
            "next_due_date",
            "next_due_label",
            "customer",
            "contact_id",
            "created_at",
            "updated_at",
        ]

    def get_procedure(self, case: Case) -> str | None:
        return case.procedure_version.procedure.slug if case.procedure_version else None

    def get_current_stage(self, case: Case) -> int | None:
        return case.current_stage.number if case.current_stage else None


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Extension
        fields = ["previous_due_date", "new_due_date", "working_days_beyond_original", "reason", "agreed_with_customer"]


class StageSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)
    due_explanation = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Stage
        fields = [
            "number",
            "title",
            "status",
            "received_date",
            "acknowledge_due_date",
            "acknowledged_date",
            "original_response_due_date",
            "response_due_date",
            "due_explanation",
            "extensions",
            "responded_date",
            "outcome",
            "escalation_closes_date",
        ]


class ResponseSerializer(serializers.ModelSerializer):
    stage = serializers.IntegerField(source="number", read_only=True)

    class Meta:
        model = Stage
        fields = ["stage", "responded_date", "outcome", "outcome_reasons", "outstanding_actions"]


class RemedySerializer(serializers.ModelSerializer):
    stage = serializers.IntegerField(source="stage.number", read_only=True)

    class Meta:
        model = Remedy
        fields = ["id", "stage", "remedy_type", "description", "amount", "due_date", "completed_date"]


class TimelineEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = TimelineEvent
        fields = ["id", "kind", "occurred_at", "summary", "is_visible_to_customer"]


class OmbudsmanRemedySerializer(serializers.ModelSerializer):
    class Meta:
        model = OmbudsmanRemedy
        fields = ["id", "kind", "description", "amount", "due_date", "completed_date"]


class OmbudsmanReferralSerializer(serializers.ModelSerializer):
    remedies = OmbudsmanRemedySerializer(many=True, read_only=True)

    class Meta:
        model = OmbudsmanReferral
        fields = [
            "id",
            "ombudsman",
            "ombudsman_reference",
            "referred_date",
            "enquiry_received_date",
            "response_due_date",
            "responded_date",
            "decision",
            "decision_date",
            "decision_summary",
            "remedies",
        ]


class CaseFilterSerializer(serializers.Serializer):
    """The case list's query: search words, and `updated_since` for keeping another system in step."""

    q = serializers.CharField(required=False, max_length=200, help_text="A reference, a postcode, a name or words")
    updated_since = serializers.DateTimeField(
        required=False, help_text="Only cases changed at or after this moment (ISO 8601, with a time zone)"
    )
    status = serializers.ChoiceField(required=False, choices=CaseStatus.choices)
    kind = serializers.ChoiceField(required=False, choices=CaseKind.choices)
    service = serializers.SlugField(required=False, help_text="A service slug, from /api/v1/services/")


# --- contacts ---------------------------------------------------------------------------------------------------


class EmailAddressField(serializers.EmailField):
    """An email address no longer than a customer's record keeps, too long told in the forms' words ("Email address
    must be 254 characters or fewer. You have 300."), and only that: not DRF's stock wording, nor a second reason."""

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if len(value) > EMAIL_MAX_LENGTH:
            numbers = {"limit": f"{EMAIL_MAX_LENGTH:,}", "count": f"{len(value):,}"}
            raise serializers.ValidationError(str(TOO_LONG) % {"label": "Email address", **numbers})
        return value


class NewCustomerSerializer(serializers.Serializer):
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    last_name = serializers.CharField(max_length=100)
    email = EmailAddressField(required=False, allow_blank=True, default="")
    # No max_length of DRF's: `check_phone` keeps a number to the column, with the one reason.
    phone = serializers.CharField(required=False, allow_blank=True, default="", validators=[check_phone])
    preferred_contact_method = serializers.ChoiceField(choices=ContactMethod.choices, default=ContactMethod.EMAIL)
    address = serializers.CharField(required=False, allow_blank=True, default="")
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10, default="")


class TriageSerializer(serializers.Serializer):
    """The same decision the staff 'log a contact' form takes; checked by the same rules."""

    kind = serializers.ChoiceField(choices=CaseKind.choices)
    kind_reason = serializers.CharField(help_text="Why it is this kind of contact")
    service = serializers.SlugField(help_text="A service slug, from /api/v1/services/")
    procedure = serializers.SlugField(
        required=False, allow_blank=True, help_text="A procedure slug; not needed for comments and compliments"
    )
    title = serializers.CharField(max_length=200)
    desired_outcome = serializers.CharField(required=False, allow_blank=True, default="")
    definition = serializers.CharField(required=False, allow_blank=True, default="")


EARLIEST_CONTACT = datetime(1900, 1, 1, tzinfo=UTC)


class ContactCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    received_at = serializers.DateTimeField(help_text="When it came in (ISO 8601); not in the future")
    subject = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    raw_text = serializers.CharField(help_text="What the customer said, as they said it")
    customer = NewCustomerSerializer(required=False)
    triage = TriageSerializer(
        required=False,
        help_text="Leave out to put the contact in the staff triage queue; give it to open a case at once",
    )

    def validate_received_at(self, value: datetime) -> datetime:
        if value < EARLIEST_CONTACT:
            raise serializers.ValidationError("Enter a date in 1900 or later")
        return value


class ContactSerializer(serializers.ModelSerializer):
    cases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="reference")

    class Meta:
        model = Contact
        fields = ["id", "channel", "received_at", "subject", "raw_text", "triaged_at", "cases"]


class ProblemErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field, as a dotted path (customer.email); empty for the request")
    reason = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = ProblemErrorSerializer(many=True, required=False)
