"""Demo data for the returns: the Member Responsible for Complaints, customers' tenures, the year-end housing stock,
a restriction on contact to review, and the dates returns are due. Called once from `seed_demo`."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db.models import Case as Choose
from django.db.models import Exists, OuterRef, Value, When
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.utils import timezone

from putright.cases.models import Case
from putright.core.periods import FIRST_YEAR, financial_year_of
from putright.demo import text
from putright.demo.organisation import DemoOrganisation
from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.people.choices import Tenure
from putright.people.models import ContactRestriction, Customer
from putright.reporting.choices import ReturnKind
from putright.reporting.models import HousingStock, ReturnDate

# The demo landlord's homes at each year end: 10,214 in all, as on the organisation.
RENTED_HOMES, SHARED_OWNERSHIP_HOMES = 9_650, 564

# Housing customers' tenures by the last digit of their id: mostly tenants, some shared owners, a few leaseholders,
# one in ten not yet recorded (so the TSM page's warning shows).
TENURE_BY_DIGIT = {
    **dict.fromkeys(range(7), Tenure.LOW_COST_RENTAL),
    7: Tenure.LOW_COST_HOME_OWNERSHIP,
    8: Tenure.LEASEHOLDER,
    9: Tenure.UNKNOWN,
}


def tenure_of(customer_id: int) -> str:
    """The tenure the demo gives a customer of its housing services."""
    return TENURE_BY_DIGIT[customer_id % 10]


def seed_returns(demo: DemoOrganisation, today: date | None = None) -> None:
    today = today or timezone.localdate()
    member, _created = User.objects.update_or_create(
        username="member",
        defaults={
            "first_name": "Morgan",
            "last_name": "Ellis",
            "role": Role.MEMBER_RESPONSIBLE,
            "job_title": "Member Responsible for Complaints",
            "email": "morgan.ellis@thornburyvale.example.org",
            "password": make_password(text.DEMO_PASSWORD),
            "is_active": True,
        },
    )
    demo.users[member.username] = member

    # Customers with a case in a housing service, each asked of their own cases (at a million cases, a third of the
    # time of gathering every housing case's customer first and then matching them).
    housing = Customer.objects.filter(
        Exists(Case.objects.filter(customer=OuterRef("pk"), service_area__is_housing=True))
    )
    # As `tenure_of`, in one update; only the customers without theirs yet (the seeder gives most theirs).
    by_digit = Choose(
        *(When(Exact(Mod("pk", 10), digit), then=Value(tenure)) for digit, tenure in TENURE_BY_DIGIT.items())
    )
    housing.exclude(tenure=by_digit).update(tenure=by_digit)

    entered_by = next(user for user in demo.users.values() if user.role == Role.MANAGER)
    for year in range(FIRST_YEAR, financial_year_of(today) + 1):
        for tenure, homes in (
            (Tenure.LOW_COST_RENTAL, RENTED_HOMES),
            (Tenure.LOW_COST_HOME_OWNERSHIP, SHARED_OWNERSHIP_HOMES),
        ):
            HousingStock.objects.update_or_create(
                year=year, tenure=tenure, defaults={"homes": homes, "entered_by": entered_by}
            )

    customer = housing.order_by("pk").first()
    if customer is not None and not ContactRestriction.objects.filter(customer=customer).exists():
        ContactRestriction.objects.create(
            customer=customer,
            restriction="Contact by email only, to the complaints manager",
            reason="Repeated abusive phone calls to the repairs team; the customer can still complain in writing.",
            decided_by=entered_by,
            decided_on=today - timedelta(days=180),
            customer_told_on=today - timedelta(days=179),
            how_told="Letter explaining the restriction, its review date and how to ask for a review",
            review_date=today + timedelta(days=7),
            recorded_by=entered_by,
        )

    # Last year's returns, done a week before their dates where those have passed (a demo starts with no "Missed"
    # return, so no reminder goes out at start-up), and this year's two coming up.
    this_year = financial_year_of(today)
    for year, kind, due in (
        (this_year - 1, ReturnKind.TSM_RETURN, date(this_year, 6, 30)),
        (this_year - 1, ReturnKind.HO_SUBMISSION, date(this_year, 9, 30)),
        (this_year - 1, ReturnKind.ANNUAL_REPORT_PUBLISHED, date(this_year, 9, 30)),
        (this_year, ReturnKind.TSM_RETURN, date(this_year + 1, 6, 30)),
        (this_year, ReturnKind.HO_SUBMISSION, date(this_year + 1, 9, 30)),
    ):
        done_on = due - timedelta(days=7) if due < today else None
        ReturnDate.objects.update_or_create(
            kind=kind, year=year, quarter=None, defaults={"due_date": due, "done_on": done_on, "entered_by": entered_by}
        )
