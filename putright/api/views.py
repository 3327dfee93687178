"""The REST API: parse, check the key's scope, call a selector or service, serialise. No rules here."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from putright.api import selectors
from putright.api.auth import key_of
from putright.api.contacts import InvalidInput, log_contact_from_system
from putright.api.serializers import (
    CaseFilterSerializer,
    CaseSerializer,
    CategorySerializer,
    ContactCreateSerializer,
    ContactSerializer,
    OmbudsmanReferralSerializer,
    ProcedureSerializer,
    RemedySerializer,
    ResponseSerializer,
    ServiceSerializer,
    StageSerializer,
    TimelineEventSerializer,
)
from putright.audit.services import record_access
from putright.cases.access import services_for_system
from putright.cases.models import Case
from putright.cases.selectors import timeline
from putright.organisation.models import Category
from putright.procedures.selectors import active_procedures


class LoggedCall:
    """Every call made with a key is written to the access log: which key, which address, which method."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        record_access(api_key=key_of(request), object_type="api", reference=request.path, action=request.method or "")


class ByCursor(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def decode_cursor(self, request: Request) -> Any:
        # DRF answers a bad cursor with 404; it is a bad parameter, so a 400 naming it.
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {"cursor": ["Not a cursor this API gave: use the `next` or `previous` link"]}
            ) from None


class CasesByUpdate(ByCursor):
    # Oldest change first, so a system keeping in step reads forward from the last `updated_at` it saw.
    ordering = ("updated_at", "id")


class TimelineByCursor(ByCursor):
    ordering = ("-occurred_at", "-id")


# --- reference data ---------------------------------------------------------------------------------------------


@extend_schema(
    tags=["Reference data"],
    summary="Services (active) this key may send and read cases for",
    description="Restricted services (social care) are listed only to a key that may see restricted cases.",
)
class ServiceList(LoggedCall, generics.ListAPIView):
    serializer_class = ServiceSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return services_for_system(key_of(self.request))


@extend_schema(tags=["Reference data"], summary="Categories cases can be given")
class CategoryList(LoggedCall, generics.ListAPIView):
    serializer_class = CategorySerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return Category.objects.select_related("service_area").order_by("name", "id")


@extend_schema(tags=["Reference data"], summary="Procedures available for new cases")
class ProcedureList(LoggedCall, generics.ListAPIView):
    serializer_class = ProcedureSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return active_procedures()


# --- contacts ---------------------------------------------------------------------------------------------------


@extend_schema(tags=["Contacts"])
class ContactCreate(LoggedCall, generics.GenericAPIView):
    serializer_class = ContactCreateSerializer

    @extend_schema(
        summary="Log a contact",
        description=(
            "Without `triage`, the contact waits in the staff triage queue. With it, a case is opened at once under "
            "the same rules as the staff 'log a contact' page (a complaint, service request or enquiry needs a "
            "procedure), and the customer is sent the acknowledgement a complaint owes."
        ),
        request=ContactCreateSerializer,
        responses={201: ContactSerializer},
    )
    def post(self, request: Request) -> Response:
        incoming = ContactCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            contact = log_contact_from_system(key=key_of(request), data=incoming.validated_data)
        except InvalidInput as error:
            raise ValidationError({field: [reason] for field, reason in error.errors}) from error
        # Which system logged it: the contact itself names nobody (no member of staff logged it).
        record_access(
            api_key=key_of(request),
            object_type="contact",
            reference=str(contact.pk),
            action="create",
            customer_id=contact.customer_id,
        )
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


# --- cases ------------------------------------------------------------------------------------------------------


@extend_schema(tags=["Cases"])
class CaseViewSet(LoggedCall, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    pagination_class = CasesByUpdate
    lookup_field = "reference"
    lookup_value_regex = r"[^/]+"
    queryset = Case.objects.none()  # for the schema; get_queryset scopes every read to the key

    def get_queryset(self) -> Any:
        if self.action != "list":
            return selectors.cases_for_key(key_of(self.request))
        filters = CaseFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        return selectors.cases_for_key(
            key_of(self.request),
            query=data.get("q", ""),
            updated_since=data.get("updated_since"),
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            service=data.get("service", ""),
        )

    def get_object(self) -> Case:
        return selectors.case_for_key(key_of(self.request), self.kwargs["reference"])

    @extend_schema(
        summary="Cases this key may read, oldest change first",
        parameters=[CaseFilterSerializer],
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One case")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(summary="The case's stages, with their deadlines and why", responses=StageSerializer(many=True))
    @action(detail=True, pagination_class=None)
    def stages(self, request: Request, reference: str) -> Response:
        case = self.get_object()
        return Response(StageSerializer(selectors.stages_of(case), many=True).data)

    @extend_schema(summary="The stage responses given", responses=ResponseSerializer(many=True))
    @action(detail=True, pagination_class=None)
    def responses(self, request: Request, reference: str) -> Response:
        case = self.get_object()
        return Response(ResponseSerializer(selectors.responses_of(case), many=True).data)

    @extend_schema(summary="Remedies promised and their completion", responses=RemedySerializer(many=True))
    @action(detail=True, pagination_class=None)
    def remedies(self, request: Request, reference: str) -> Response:
        case = self.get_object()
        return Response(RemedySerializer(selectors.remedies_of(case), many=True).data)

    @extend_schema(summary="Referrals to an ombudsman", responses=OmbudsmanReferralSerializer(many=True))
    @action(detail=True, url_path="ombudsman-referrals", pagination_class=None)
    def ombudsman_referrals(self, request: Request, reference: str) -> Response:
        case = self.get_object()
        return Response(OmbudsmanReferralSerializer(selectors.ombudsman_referrals_of(case), many=True).data)

    @extend_schema(
        summary="The case's timeline, newest first",
        responses=TimelineEventSerializer(many=True),
        parameters=[OpenApiParameter("cursor", str, description="From the previous page's `next`")],
    )
    @action(detail=True, pagination_class=TimelineByCursor, serializer_class=TimelineEventSerializer)
    def timeline(self, request: Request, reference: str) -> Response:
        case = self.get_object()
        page = self.paginate_queryset(timeline(case))
        return self.get_paginated_response(TimelineEventSerializer(page, many=True).data)
