"""Parts split from a case, and which of them the case answers in its own response.

When an officer splits an issue out of a multi-issue complaint they choose: the new case (the part) is answered
together with the case it came from (the lead), in one response, or separately. A part answered together records
its decision on its own case, but the customer reads it in the lead's response (Complaint Handling Code 6.7:
one response covering each point; docs/rules.md "Split complaints answered together").
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db.models import BooleanField, OuterRef, Q, QuerySet, Value
from django.utils.functional import Promise

from putright.cases.access import cases_visible_to
from putright.cases.choices import OPEN_STATUSES, CaseStatus, EventKind, LinkKind, Outcome
from putright.cases.models import Case, CaseLink, Remedy, Stage, TimelineEvent
from putright.cases.outstanding import OUTSTANDING
from putright.organisation.models import User


@dataclass(frozen=True)
class SplitPart:
    """One part split from a lead case, with its decision at the lead's stage (empty when not yet answered)."""

    case: Case
    answered_together: bool
    outcome: Promise | str  # the decision's label, read in the reader's language
    reasons: str
    stage: Stage | None = None  # the part's stage with the decision, for its remedies and outstanding actions

    @property
    def is_answered(self) -> bool:
        return bool(self.outcome)

    @property
    def is_open(self) -> bool:
        return self.case.status in OPEN_STATUSES

    @property
    def is_waiting(self) -> bool:
        """Answered together, still being worked and without a decision: the lead's response would leave it out."""
        return self.answered_together and not self.is_answered and self.is_open


def links_answered_together() -> QuerySet[CaseLink]:
    """The split links whose part the lead answers in its own response."""
    return CaseLink.objects.filter(kind=LinkKind.SPLIT_FROM, answered_together=True)


def links_answered_together_at(case: Case | OuterRef) -> QuerySet[CaseLink]:
    """`links_answered_together` from or to this case (or the outer query's, `OuterRef("pk")`): it is in a split
    answered together, as the part or as the lead."""
    return links_answered_together().filter(Q(from_case=case) | Q(to_case=case))


def _stage_number(lead: Case, stage_number: int | None) -> int:
    if stage_number is not None:
        return stage_number
    stage = lead.current_stage
    return stage.number if stage is not None else 1


def split_parts(lead: Case, stage_number: int | None = None) -> list[SplitPart]:
    """Every part split from `lead`, oldest first, with its decision at the lead's (current) stage."""
    links = list(
        CaseLink.objects.filter(to_case=lead, kind=LinkKind.SPLIT_FROM)
        .select_related("from_case")
        .order_by("created_at", "id")
    )
    return _parts(lead, stage_number, links)


def _parts(lead: Case, stage_number: int | None, links: list[CaseLink]) -> list[SplitPart]:
    """`split_parts` from the lead's split links already read (oldest first, with the part loaded)."""
    if not links:
        return []
    number = _stage_number(lead, stage_number)
    decided = {
        stage.case_id: stage
        for stage in Stage.objects.filter(
            case__in=[link.from_case_id for link in links], number=number, responded_date__isnull=False
        ).exclude(outcome="")
    }
    parts = []
    for link in links:
        stage = decided.get(link.from_case_id)
        parts.append(
            SplitPart(
                case=link.from_case,
                answered_together=link.answered_together,
                outcome=Outcome(stage.outcome).label if stage else "",  # read in the letter's language
                reasons=stage.outcome_reasons if stage else "",
                stage=stage,
            )
        )
    return parts


def joint_parts(lead: Case, stage_number: int | None = None) -> list[SplitPart]:
    """The parts the lead answers in its own response."""
    return [part for part in split_parts(lead, stage_number) if part.answered_together]


def _joint_leads(part_ids: Collection[int]) -> dict[int, Case]:
    """For each of these cases split off to be answered together: the case that answers it (with its current stage)."""
    links = (
        links_answered_together().filter(from_case__in=part_ids).select_related("to_case__current_stage").order_by("pk")
    )
    leads: dict[int, Case] = {}
    for link in links:
        leads.setdefault(link.from_case_id, link.to_case)
    return leads


def joint_lead(part: Case) -> Case | None:
    """The case that answers this part in its response, if the part was split off to be answered together."""
    return _joint_leads([part.pk]).get(part.pk)


def _joint_lead_in(outgoing: list[CaseLink]) -> Case | None:
    """`joint_lead` from the part's links to other cases already read (oldest first, with the other case loaded)."""
    link = next((link for link in outgoing if link.kind == LinkKind.SPLIT_FROM and link.answered_together), None)
    return link.to_case if link else None


def _sent_own_responses(stage_numbers: dict[int, int]) -> set[int]:
    """Of these parts ({case id: stage number}), those whose latest response at that stage went to the customer
    itself (decided after the lead had answered, so the lead's response could not carry it)."""
    latest: dict[int, dict[str, object]] = {}
    responses = (
        TimelineEvent.objects.filter(case_id__in=stage_numbers, kind=EventKind.RESPONDED)
        .order_by("occurred_at", "id")
        .values_list("case_id", "data")
    )
    for case_id, data in responses:
        if isinstance(data, dict) and data.get("stage") == stage_numbers[case_id]:
            latest[case_id] = data
    return {case_id for case_id, data in latest.items() if not data.get("answered_with")}


def _answered_by_their_leads(parts: Sequence[Case], lead_of: Collection[int]) -> set[int]:
    """Of these parts, those with a lead (`lead_of`: the ids of the parts split off to be answered together) whose
    response gives the customer their decision at their current stage: not answered on their own since."""
    stage_numbers = {
        part.pk: part.current_stage.number for part in parts if part.pk in lead_of and part.current_stage is not None
    }
    on_their_own = _sent_own_responses(stage_numbers) if stage_numbers else set()
    return set(stage_numbers) - on_their_own


def answered_with_each(parts: Sequence[Case]) -> dict[int, Case | None]:
    """`answered_with` for each of these cases, in two queries however many there are: {case id: lead or None}."""
    leads = _joint_leads([part.pk for part in parts])
    answered = _answered_by_their_leads(parts, leads)
    return {part.pk: leads[part.pk] if part.pk in answered else None for part in parts}


@dataclass(frozen=True)
class TogetherLinks:
    """The split links answered together that start or end at some cases, read both ways in one query: for
    `answered_with_references` and `remedies_the_customer_reads_on_each` over the same cases."""

    leads: dict[int, tuple[int, str]]  # part id: (lead id, lead reference), the oldest link
    parts: dict[int, list[int]]  # lead id: its parts' ids, oldest first


def together_links(case_ids: Collection[int]) -> TogetherLinks:
    """The split links answered together from or to these cases, in one query (each side through its own index)."""
    ids = list(case_ids)
    links = (
        links_answered_together()
        .filter(Q(from_case__in=ids) | Q(to_case__in=ids))
        .order_by("pk")
        .values_list("from_case_id", "to_case_id", "to_case__reference")
    )
    leads: dict[int, tuple[int, str]] = {}
    parts: dict[int, list[int]] = {}
    for part_id, lead_id, lead_reference in links:
        leads.setdefault(part_id, (lead_id, lead_reference))
        parts.setdefault(lead_id, []).append(part_id)
    return TogetherLinks(leads, parts)


def answered_with_references(parts: Sequence[Case], links: TogetherLinks) -> dict[int, str]:
    """`answered_with_each`, as the lead's reference ("" when none), from the cases' `together_links`."""
    answered = _answered_by_their_leads(parts, links.leads)
    return {part.pk: links.leads[part.pk][1] if part.pk in answered else "" for part in parts}


def answered_with(part: Case) -> Case | None:
    """The lead whose response gives the customer this part's decision at the part's current stage, or None when
    the part answers for itself (split off to be answered separately, or its decision came after the lead's
    response and went out on its own). The one statement of "answered together" that the customer's letters, their
    account and escalation all follow (`answered_with_each` for many cases at once)."""
    return answered_with_each([part])[part.pk]


def _answered_by(part: Case, lead: Case | None) -> Case | None:
    """`answered_with`, given the part's `joint_lead` (already read)."""
    stage = part.current_stage
    if lead is None or stage is None or part.pk in _sent_own_responses({part.pk: stage.number}):
        return None
    return lead


def parts_escalating_with(lead: Case, stage_number: int | None = None) -> list[SplitPart]:
    """The parts that move to the next stage when the lead is escalated from this stage (its current one): those
    its response answered, still answered at that stage and not answered on their own since."""
    return [
        part
        for part in joint_parts(lead, stage_number)
        if part.is_answered
        and part.stage is not None
        and part.case.status == CaseStatus.RESPONDED
        and part.case.current_stage_id == part.stage.pk
        and answered_with(part.case) is not None
    ]


def parts_answered_with(lead: Case) -> list[Case]:
    """The parts the lead's response at its current stage answers (or will): split off to be answered together,
    at the same stage, and not answered on their own."""
    stage = lead.current_stage
    if stage is None:
        return []
    return [
        part.case
        for part in split_parts(lead, stage.number)
        if part.answered_together
        and part.case.current_stage is not None
        and part.case.current_stage.number == stage.number
        and answered_with(part.case) is not None
    ]


def _given_in_lead_responses(case_ids: Collection[int]) -> set[tuple[int, int]]:
    """The (case id, stage number) of these cases' stages whose decision a lead's response gave the customer (the
    part's response says so)."""
    answered = TimelineEvent.objects.filter(
        case_id__in=case_ids, kind=EventKind.RESPONDED, data__has_key="answered_with"
    ).values_list("case_id", "data__stage")
    return {(case_id, number) for case_id, number in answered}


def remedies_the_customer_reads_on_each(
    cases: Sequence[Case], links: TogetherLinks | None = None
) -> dict[int, list[Remedy]]:
    """`remedies_the_customer_reads_on` for each of these cases, in three queries however many there are (two when
    their `together_links` are given; one fewer when none of them has a remedy still to carry out)."""
    parts: dict[int, list[int]] = {case.pk: [] for case in cases}
    if links is None:
        found = links_answered_together().filter(to_case__in=list(parts)).values_list("to_case_id", "from_case_id")
        for lead_id, part_id in found:
            parts[lead_id].append(part_id)
    else:
        for lead_id in parts:
            parts[lead_id].extend(links.parts.get(lead_id, ()))
    case_ids = set(parts).union(*parts.values())
    remedies = list(
        Remedy.objects.filter(OUTSTANDING, stage__case_id__in=case_ids)
        .select_related("stage")
        .order_by("due_date", "pk")
    )
    # Only the responses of the cases with a remedy to carry out can say a lead's response gave it.
    given_in_lead = _given_in_lead_responses({remedy.stage.case_id for remedy in remedies}) if remedies else set()

    def read_on(case_id: int, part_ids: list[int], remedy: Remedy) -> bool:
        # Its own, less those a lead's response promised; and those of the parts its own response answered.
        given = (remedy.stage.case_id, remedy.stage.number) in given_in_lead
        return (remedy.stage.case_id == case_id and not given) or (remedy.stage.case_id in part_ids and given)

    return {
        case_id: [remedy for remedy in remedies if read_on(case_id, part_ids, remedy)]
        for case_id, part_ids in parts.items()
    }


def remedies_the_customer_reads_on(case: Case) -> list[Remedy]:
    """The remedies not yet carried out that the customer reads on this case, soonest due first: its own, less those
    a lead's response promised (they are read there), and those of the parts its own response answered, so
    everything owed for one response is in one place."""
    return remedies_the_customer_reads_on_each([case])[case.pk]


def lead_still_to_answer(lead: Case, stage_number: int) -> bool:
    """Whether the lead's response at this stage is still to come (so a part's decision can go in it)."""
    stage = lead.current_stage
    return lead.status in OPEN_STATUSES and stage is not None and stage.number == stage_number


def visible_case_ids(user: User, parts: list[SplitPart]) -> set[int]:
    """The parts this reader may see: a restricted part shows neither its title nor its decision to others."""
    return set(cases_visible_to(user).filter(pk__in=[part.case.pk for part in parts]).values_list("pk", flat=True))


@dataclass(frozen=True)
class CaseLinks:
    """A case's links both ways, read once for its page, and which of the cases at their other ends the reader may
    see (`cases_visible_to`)."""

    outgoing: list[CaseLink]  # from this case, oldest first, with the other case
    incoming: list[CaseLink]  # to this case, oldest first, with the other case
    visible: set[int]


def links_of(case: Case, user: User) -> CaseLinks:
    """Every link of `case` in one read made of two halves joined (UNION ALL), each through its own foreign key's
    index (an OR across the two would make the database read every link), and one more for which other ends `user`
    may see."""
    out = case.links_out.annotate(outgoing=Value(True, output_field=BooleanField()))
    both = out.union(case.links_in.annotate(outgoing=Value(False, output_field=BooleanField())), all=True)
    rows: list[CaseLink] = list(both.order_by("created_at", "id"))
    outgoing = [link for link in rows if link.outgoing]  # type: ignore[attr-defined]
    incoming = [link for link in rows if not link.outgoing]  # type: ignore[attr-defined]
    others = {link.to_case_id for link in outgoing} | {link.from_case_id for link in incoming}
    if not others:  # most cases: one plain read, without joining the case table twice to read nothing
        return CaseLinks(outgoing, incoming, set())
    cases = Case.objects.in_bulk(others)
    for link in outgoing:
        link.to_case = cases[link.to_case_id]
    for link in incoming:
        link.from_case = cases[link.from_case_id]
    visible = set(cases_visible_to(user).filter(pk__in=others).values_list("pk", flat=True))
    return CaseLinks(outgoing, incoming, visible)


def split_summary(case: Case, links: CaseLinks) -> dict[str, object]:
    """What the case page shows: the parts split from this case and how each is answered, and for a part answered
    together, the case whose response carries its decision (`answered_with`)."""
    parts = _parts(case, None, [link for link in links.incoming if link.kind == LinkKind.SPLIT_FROM])
    lead = _joint_lead_in(links.outgoing)
    return {
        "parts": parts,
        "visible": {part.case.pk for part in parts} & links.visible,
        "lead": lead,
        "lead_visible": lead is not None and lead.pk in links.visible,
        "answered_with": _answered_by(case, lead),
    }
