"""Which of the case page's sections have anything to show, read in one query.

Most cases have no contributions, links, customer requests, hazards, early resolution or remedies, and a customer
with no adjustments, vulnerabilities, restrictions in force or adjustments still to confirm. The case page asks once
which of these the case (and its customer) has, and reads only those sections' rows: a section with none is shown
empty without its own query. Each flag asks exactly what that section's read filters on, so a section is only
skipped when its read would find nothing. The tests are built into SQL once (`core.prepared`).

Apps above this one show sections of their own on the page (the letters and emails, what the customer sent through
the portal, a reply owed to an ombudsman): each names its section and the rows it reads in its AppConfig.ready()
(`add_section`), and the same read answers for it (`PageContents.shows`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from putright.cases.access import case_by_reference
from putright.cases.customers import asked_not_confirmed
from putright.cases.hazards.models import Hazard
from putright.cases.models import Case, CaseLink, Contribution, CustomerRequest, EarlyResolution, Remedy
from putright.cases.restrictions import in_force
from putright.core.prepared import PreparedRead
from putright.people.models import ReasonableAdjustment, VulnerabilityNote


@dataclass(frozen=True)
class PageContents:
    """True for each section that has something to show (or to read); a customer's are False without a customer."""

    contributions: bool = True
    links: bool = True
    customer_requests: bool = True
    hazards: bool = True
    early_resolution: bool = True
    adjustments: bool = True
    vulnerabilities: bool = True
    restrictions: bool = True
    adjustments_to_confirm: bool = True
    remedies: bool = True
    # The other apps' sections (`add_section`) that have rows; None when not read (every one is then read).
    others: frozenset[str] | None = None

    def shows(self, section: str) -> bool:
        """Whether another app's section (`add_section`) has rows to read and show."""
        return self.others is None or section not in _other_sections or section in self.others


# Another app's section: its name, and the rows it reads for the case whose id is given (an `OuterRef`).
SectionRows = Callable[[Any], QuerySet[Any]]
_other_sections: dict[str, SectionRows] = {}


def add_section(name: str, rows: SectionRows) -> None:
    """A section of the case page shown by an app above this one, asked about in the same read as the others.

    Called from AppConfig.ready(), before any page is shown. `rows(case_id)` filters exactly as the section's own
    read does, so the section is skipped only when that read would find nothing."""
    _other_sections.setdefault(name, rows)


def _flags() -> list[Exists]:
    """The EXISTS tests, each through its own index, of the case (and customer) of the row they are asked about."""
    case = OuterRef("pk")
    customer = OuterRef("customer_id")
    return [
        Exists(Contribution.objects.filter(case_id=case)),
        Exists(CaseLink.objects.filter(from_case_id=case)),
        Exists(CaseLink.objects.filter(to_case_id=case)),
        Exists(CustomerRequest.objects.filter(case_id=case)),
        Exists(Hazard.objects.filter(case_id=case)),
        Exists(EarlyResolution.objects.filter(case_id=case)),
        Exists(ReasonableAdjustment.objects.filter(customer_id=customer)),
        Exists(VulnerabilityNote.objects.filter(customer_id=customer)),
        Exists(in_force(customer)),
        Exists(asked_not_confirmed(customer)),
        Exists(Remedy.objects.filter(stage__case_id=case)),
        *(Exists(rows(case)) for rows in _other_sections.values()),
    ]


def _section_flags(case_id: int) -> QuerySet[Case, tuple[bool, ...]]:
    """One row of EXISTS tests: which sections of case `case_id`'s page have rows."""
    return Case.objects.filter(pk=case_id).order_by().values_list(*_flags())


# Eleven and more subqueries cost Django more to build than the database to run: built once, run with each case's id.
_SECTION_FLAGS = PreparedRead(lambda case_id: _section_flags(case_id)[:1], int)

# Where the case page's own read of its case (`case_page_read`) leaves the flags, in the order of `_flags()`.
_FLAGS_READ = "_putright_section_flags"
_FLAG = "putright_has_{}"


def _with_section_flags(reference: str) -> QuerySet[Case]:
    flags = {_FLAG.format(place): flag for place, flag in enumerate(_flags())}
    return case_by_reference(reference).annotate(**flags)[:1]


_CASE_WITH_SECTION_FLAGS = PreparedRead(_with_section_flags, str)


def case_page_read(reference: str) -> list[Case]:
    """The case with this reference (`access.case_by_reference`, for `access.get_case_for`) and, in the same read,
    which sections of its page have rows: one query and one look-up of the case fewer than reading them apart."""
    found = _CASE_WITH_SECTION_FLAGS(reference)
    for case in found:
        flags: list[bool] = []
        while (name := _FLAG.format(len(flags))) in case.__dict__:
            flags.append(case.__dict__.pop(name))
        case.__dict__[_FLAGS_READ] = tuple(flags)
    return found


def page_contents(case: Case) -> PageContents:
    """Which sections of `case`'s page have rows: as read with the case (`case_page_read`), else in one query."""
    flags = case.__dict__.get(_FLAGS_READ)
    if flags is None:
        found = _SECTION_FLAGS(case.pk)
        flags = found[0] if found else None
    if flags is None:  # the case has gone since it was read: read every section as before
        return PageContents()
    (
        contributions,
        links_out,
        links_in,
        requests,
        hazards,
        resolved,
        adjustments,
        vulnerable,
        restricted,
        to_confirm,
        remedies,
    ) = (bool(flag) for flag in flags[:11])
    others = flags[11:]
    names = tuple(_other_sections)
    return PageContents(
        contributions=contributions,
        links=links_out or links_in,
        customer_requests=requests,
        hazards=hazards,
        early_resolution=resolved,
        adjustments=adjustments,
        vulnerabilities=vulnerable,
        restrictions=restricted,
        adjustments_to_confirm=to_confirm,
        remedies=remedies,
        # Read with every section added before the read was built (all are, in AppConfig.ready()).
        others=frozenset(name for name, flag in zip(names, others, strict=True) if flag)
        if len(others) == len(names)
        else None,
    )
