"""Figures per service that need more than the cases: complaints per 1,000 contacts (from the contact volumes staff
enter) and customer satisfaction (from the portal's survey). One tested query per figure, as in queries.py, and
like them they count only the cases passed in (`cases_visible_to(user)` from the views).

Complaints per 1,000 contacts (docs/rules.md: complaints by service "sometimes normalised by service volume"):
- contacts are the volumes entered for whole months or quarters lying inside the period;
- complaints are those received in the same months, so a service with figures for two months of a quarter is
  compared over those two months only;
- a service with no volumes entered in the period shows that, not 0, and is left out of the overall figure.

Satisfaction: answers to the portal's survey (one per closed complaint) given in the period. It is PutRight's own
survey of complainants, not the Regulator's TP09 perception survey (docs/rules.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from putright.cases.models import Case
from putright.core.periods import Period, month_end, whole_months
from putright.organisation.models import ServiceArea
from putright.portal.models import SatisfactionResponse
from putright.reporting import totals
from putright.reporting.models import ContactVolume
from putright.reporting.queries import NO_FILTERS, Filters, Share, complaints, filtered, received_in

# "Satisfied" in the survey's five-point scale: the top two answers (the usual reading of such scales).
SATISFIED = (SatisfactionResponse.Rating.VERY_SATISFIED, SatisfactionResponse.Rating.SATISFIED)


def _label(name: str, directorate: str) -> str:
    return f"{directorate}: {name}" if directorate else name


# --- complaints per 1,000 contacts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactRate:
    """One service (or every service with volumes, for the overall row) over the months it has volumes for."""

    key: str  # the service's slug; "" for the overall row
    label: str
    months_count: int  # whole months of the period with a volume entered
    contacts_count: int | None  # None: no contact volumes entered for the service in the period
    complaints_count: int  # complaints received in those months (0 when there are none)

    @property
    def has_volumes(self) -> bool:
        return self.contacts_count is not None

    @property
    def per_1000(self) -> Decimal | None:
        """Complaints per 1,000 contacts; None without volumes, or when the volumes entered are 0."""
        if not self.contacts_count:
            return None
        return (Decimal(self.complaints_count) * 1000 / self.contacts_count).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ContactRates:
    rows: list[ContactRate]
    overall: ContactRate
    months_in_period: int  # whole calendar months inside the period

    @property
    def services_without_volumes(self) -> list[ContactRate]:
        return [row for row in self.rows if not row.has_volumes]


def complaints_per_1000_contacts(
    cases: QuerySet[Case],
    period: Period,
    services: QuerySet[ServiceArea],
    filters: Filters = NO_FILTERS,
    *,
    columns: Q | None = None,
) -> ContactRates:
    """By service and overall: complaints received per 1,000 contacts, over the months of the period that have
    contact volumes. `services` are the services the reader sees in full (`services_reported_to(user)`): a service
    whose complaints the reader may not all see is left out rather than shown with too few complaints. With
    `columns` (`selectors.reported_columns`: the same cases) the complaints are summed from the case totals."""
    volumes = ContactVolume.objects.filter(
        service_area__in=services, start_date__gte=period.start, end_date__lte=period.end
    )
    if filters.service is not None:
        volumes = volumes.filter(service_area=filters.service)
    if filters.directorate:
        volumes = volumes.filter(service_area__directorate=filters.directorate)
    months: dict[int, set[date]] = {}
    contacts: dict[int, int] = {}
    for service_id, start, end, count in volumes.order_by().values_list(
        "service_area_id", "start_date", "end_date", "contacts_count"
    ):
        months.setdefault(service_id, set()).update(whole_months(start, end))
        contacts[service_id] = contacts.get(service_id, 0) + count
    # Complaints by service in each month some service has volumes for, in one grouped query of conditional counts
    # (local months, as the volumes are entered); each service adds up its own months below.
    wanted = sorted(set().union(*months.values())) if months else []

    def within(month: date) -> Q:
        start, end = Period(month, month_end(month), "").bounds()
        return Q(received_at__gte=start, received_at__lt=end)

    received: dict[int, int] = {}
    if columns is not None:
        for service_id, monthly in totals.complaints_by_service_and_month(columns, period, services, filters).items():
            service_months = months.get(service_id, set())
            received[service_id] = sum(count for month, count in monthly.items() if month in service_months)
    else:
        by_month = (
            received_in(complaints(filtered(cases, filters)), period)
            .filter(service_area__in=services)
            .order_by()
            .values_list("service_area_id")
            .annotate(
                n=Count("pk"),
                **{f"m{index}": Count("pk", filter=within(month)) for index, month in enumerate(wanted)},
            )
        )
        for service_id, _n, *counts in by_month:
            service_months = months.get(service_id, set())
            received[service_id] = sum(
                count for month, count in zip(wanted, counts, strict=True) if month in service_months
            )
    names = ServiceArea.objects.filter(pk__in=set(received) | set(contacts)).values_list(
        "pk", "slug", "name", "directorate"
    )
    rows = [
        ContactRate(
            key=slug,
            label=_label(name, directorate),
            months_count=len(months.get(pk, ())),
            contacts_count=contacts.get(pk),
            complaints_count=received.get(pk, 0),
        )
        for pk, slug, name, directorate in names
    ]
    rows.sort(key=lambda row: row.label.lower())
    with_volumes = [row for row in rows if row.has_volumes]
    overall = ContactRate(
        key="",
        label="All services with contact volumes",
        months_count=len(set().union(*months.values())) if months else 0,
        contacts_count=sum(row.contacts_count or 0 for row in with_volumes) if with_volumes else None,
        complaints_count=sum(row.complaints_count for row in with_volumes),
    )
    return ContactRates(rows=rows, overall=overall, months_in_period=len(whole_months(period.start, period.end)))


# --- satisfaction -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SatisfactionRow:
    key: str  # the service's slug; "" for the overall row
    label: str
    responses_count: int
    satisfied_count: int  # "very satisfied" or "satisfied" with how the complaint was handled
    kept_informed_count: int  # answered "yes" to "did we keep you informed?"

    @property
    def satisfied(self) -> Share:
        return Share(self.satisfied_count, self.responses_count)

    @property
    def kept_informed(self) -> Share:
        return Share(self.kept_informed_count, self.responses_count)


@dataclass(frozen=True)
class Satisfaction:
    rows: list[SatisfactionRow]
    overall: SatisfactionRow


def satisfaction(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> Satisfaction:
    """Survey answers given in the period about the complaints in `cases`, by service and overall: how many, the
    share satisfied with the handling and the share who say they were kept informed."""
    start, end = period.bounds()
    grouped = (
        # Answers are fewer than cases: each answer of the period is asked whether its case is one of `cases`.
        SatisfactionResponse.objects.filter(created_at__gte=start, created_at__lt=end)
        .filter(Exists(complaints(filtered(cases, filters)).filter(pk=OuterRef("case_id"))))
        .order_by()
        .values_list("case__service_area__slug", "case__service_area__name", "case__service_area__directorate")
        .annotate(
            n=Count("pk"),
            satisfied=Count("pk", filter=Q(handling_rating__in=SATISFIED)),
            informed=Count("pk", filter=Q(kept_informed=SatisfactionResponse.Answer.YES)),
        )
    )
    rows = sorted(
        (
            SatisfactionRow(slug, _label(name, directorate), n, satisfied, informed)
            for slug, name, directorate, n, satisfied, informed in grouped
        ),
        key=lambda row: row.label.lower(),
    )
    overall = SatisfactionRow(
        "",
        "All services",
        sum(row.responses_count for row in rows),
        sum(row.satisfied_count for row in rows),
        sum(row.kept_informed_count for row in rows),
    )
    return Satisfaction(rows=rows, overall=overall)
