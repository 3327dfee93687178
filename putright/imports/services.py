"""Writing an old system's checked records as PutRight cases, in batches, each batch in one transaction.

Each record becomes a contact (already triaged), a case with its own PutRight reference and the old system's
reference beside it, its stages with their original dates, outcomes, timescales and remedies, any ombudsman
referral, and a timeline of what happened then plus "Imported from <system>". Where the case stands is decided by
putright/cases/lifecycle/'s rules for imported history; nothing here sends a letter.

A re-run finds each case by the old system's reference: an unchanged record (same fingerprint) is left alone,
a changed one is rewritten in place (same PutRight reference), unless staff have worked on the case since.
"""

from __future__ import annotations

import csv
import io
import time as clock
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Model
from django.utils import timezone

from putright.cases import events, lifecycle
from putright.cases.choices import CaseKind, Channel, EventKind, Outcome
from putright.cases.models import Case, Contact, Remedy, Stage, TimelineEvent
from putright.imports.checking import CaseRecord, CheckResult, Problem, RemedyRecord
from putright.imports.models import ImportedCase
from putright.ombudsman.choices import Decision
from putright.ombudsman.models import OmbudsmanReferral
from putright.organisation.models import Organisation, ServiceArea, User
from putright.organisation.selectors import current_organisation
from putright.people.models import Customer
from putright.procedures.calendar import WorkingCalendar
from putright.procedures.models import StageRule
from putright.procedures.selectors import calendar_for
from putright.reporting.facts import refresh_facts_of

BATCH_SIZE = 500

Progress = Callable[[int, int], None]
# Each record's stages, unsaved, with their remedies' fields, by the old system's reference.
StagesByReference = dict[str, list[tuple[Stage, list[dict[str, Any]]]]]


class ImportRefused(Exception):
    """The export has problems and the administrator has not chosen to import only the good rows."""


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[Problem] = field(default_factory=list)  # changed records whose case staff have worked on since

    def describe(self) -> str:
        return describe_outcome(
            created=self.created, updated=self.updated, unchanged=self.unchanged, refused=len(self.refused)
        )


def describe_outcome(*, created: int, updated: int, unchanged: int, refused: int) -> str:
    """'12 rows checked: 0 new, 0 updated, 12 unchanged' for the command and the page: what the import did."""
    rows = created + updated + unchanged + refused
    text = f"{rows:,} row{'' if rows == 1 else 's'} checked: {created:,} new, {updated:,} updated"
    text += f", {unchanged:,} unchanged"
    if refused:
        text += f", {refused:,} not updated (worked on in PutRight since they were imported)"
    return text


@dataclass(frozen=True)
class Plan:
    """What an import would do with each good record: write it new, rewrite it, or leave it alone."""

    new: int
    changed: int
    unchanged: int


def plan(records: Sequence[CaseRecord], *, system: str) -> Plan:
    """For the dry run's report: how many records are new, changed since the last import, or the same."""
    existing = _existing(system, [record.reference for record in records])
    new = changed = 0
    for record in records:
        found = existing.get(record.reference)
        if found is None:
            new += 1
        elif found[1] != record.fingerprint:
            changed += 1
    return Plan(new=new, changed=changed, unchanged=len(records) - new - changed)


def import_checked(
    result: CheckResult,
    *,
    system: str,
    actor: User,
    good_rows_only: bool = False,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import a checked export: all of it when it is clean, or only its good rows when the administrator chose so."""
    if not result.is_clean and not good_rows_only:
        raise ImportRefused(
            f"{len(result.problems)} problem(s) found, so nothing has been imported. Correct the rows named in the "
            "report and run the import again, or choose to import only the good rows."
        )
    return import_records(result.records, system=system, actor=actor, table=result.case_table.name, progress=progress)


def import_records(
    records: Sequence[CaseRecord],
    *,
    system: str,
    actor: User,
    table: str = "",
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportOutcome:
    """Write the records in batches; each batch commits whole, so a failure leaves no half-written case."""
    writer = _Writer(system=system, actor=actor, table=table)
    outcome = ImportOutcome()
    for start in range(0, len(records), batch_size):
        writer.write_batch(records[start : start + batch_size], outcome)
        if progress:
            progress(min(start + batch_size, len(records)), len(records))
    return outcome


def rejects_csv(result: CheckResult) -> str:
    """The bad case rows as they came, with a last column saying what is wrong: to correct and import again."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([*result.case_table.headings, "Problems"])
    for number, cells in result.case_table.rows:
        problems = result.bad_rows.get(number)
        if problems:
            writer.writerow(
                [_cell_text(cells.get(heading, "")) for heading in result.case_table.headings]
                + ["; ".join(str(problem) for problem in problems)]
            )
    return output.getvalue()


def describe_progress(done: int, total: int, elapsed_seconds: float, what: str) -> str:
    """'12,500 of 100,000 rows imported (1,830 a second, about 48 seconds left)' for the command and the page."""
    rate = done / elapsed_seconds if elapsed_seconds > 0 else 0.0
    left = ""
    if 0 < done < total and rate > 0:
        seconds = round((total - done) / rate)
        left = f", about {seconds // 60} min {seconds % 60} s left" if seconds >= 60 else f", about {seconds} s left"
    return f"{done:,} of {total:,} rows {what} ({rate:,.0f} a second{left})"


class ProgressPrinter:
    """Progress for a terminal: at most one line every `every` seconds, and always the last."""

    def __init__(self, write: Callable[[str], Any], what: str, every: float = 2.0) -> None:
        self.write, self.what, self.every = write, what, every
        self.started = self.last = clock.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = clock.monotonic()
        if now - self.last >= self.every or done == total:
            self.last = now
            self.write(describe_progress(done, total, now - self.started, self.what))


def insert(model: type[Model], objects: Sequence[Model]) -> None:
    """INSERT rows whose ids nobody needs back, in one executemany: bulk_create's per-row SQL building is most of an
    import's time. Values go through each field's own conversion for the database, as bulk_create's do."""
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    columns = [column for column in model._meta.concrete_fields if not column.primary_key and column.column]
    for column in columns:
        for obj in objects:
            column.pre_save(obj, add=True)  # auto_now_add and the like, as save() would
    quote = connection.ops.quote_name
    # Only the model's own table and column names go into the statement; every value is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(str(column.column)) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    rows = [
        tuple(column.get_db_prep_save(getattr(obj, column.attname), connection) for column in columns)
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@cache
def _label(value: str) -> str:
    """The label of a kind, channel, outcome or decision, read once: the timelines of an import use each often."""
    for choices in (CaseKind, Channel, Outcome, Decision):
        if value in choices.values:
            return str(choices(value).label)
    return value


def _cell_text(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "" if value is None else str(value)


def _existing(system: str, references: Sequence[str]) -> dict[str, tuple[int, str]]:
    """The cases already imported from `system` under these references: reference -> (case id, fingerprint)."""
    found: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(list(references), 900):  # SQLite allows 999 parameters to a statement
        for case_id, reference, fingerprint in Case.objects.filter(
            imported_from=system, imported_reference__in=chunk
        ).values_list("pk", "imported_reference", "import_record__fingerprint"):
            found[reference] = (case_id, fingerprint or "")
    return found


def _closed_on(record: CaseRecord) -> date | None:
    """The day the old system closed the case: its closing date, or the response that recorded it withdrawn."""
    if record.closed is None and record.stages and record.stages[-1].outcome == Outcome.WITHDRAWN:
        return record.stages[-1].responded
    return record.closed


def _chunks[T](items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _on(day: date) -> datetime:
    """A date of the old system as a moment: midday, so it sorts after the receipt logged that morning."""
    return timezone.make_aware(datetime.combine(day, time(12)))


class _Writer:
    """Holds what every batch reuses: the organisation, its calendars, the stage rules and services."""

    def __init__(self, *, system: str, actor: User, table: str) -> None:
        self.system, self.actor, self.table = system, actor, table
        self.organisation: Organisation = current_organisation()
        self.calendars: dict[int, WorkingCalendar] = {}
        self.rules = {rule.pk: rule for rule in StageRule.objects.select_related("version__procedure")}
        self.last_stage = {
            version_id: max(r.number for r in self.rules.values() if r.version_id == version_id)
            for version_id in {rule.version_id for rule in self.rules.values()}
        }
        self.services = {service.pk: service for service in ServiceArea.objects.all()}

    def calendar(self, rule: StageRule) -> WorkingCalendar:
        if rule.version_id not in self.calendars:
            self.calendars[rule.version_id] = calendar_for(self.organisation, rule.version)
        return self.calendars[rule.version_id]

    def write_batch(self, records: Sequence[CaseRecord], outcome: ImportOutcome) -> None:
        with transaction.atomic():
            existing = _existing(self.system, [record.reference for record in records])
            new = [record for record in records if record.reference not in existing]
            changed = [
                record
                for record in records
                if record.reference in existing and existing[record.reference][1] != record.fingerprint
            ]
            outcome.unchanged += len(records) - len(new) - len(changed)
            changed = self._refuse_worked_on(changed, existing, outcome)
            stages = {record.reference: self._stages(record) for record in [*new, *changed]}
            cases = self._create_cases(new, stages) + self._rewrite_cases(changed, existing, stages)
            self._write_history(cases, stages)
            now = timezone.now()
            ImportedCase.objects.filter(case__in=[case for case, _record in cases]).delete()
            ImportedCase.objects.bulk_create(
                ImportedCase(case=case, fingerprint=record.fingerprint, imported_at=now) for case, record in cases
            )
            outcome.created += len(new)
            outcome.updated += len(changed)

    def _refuse_worked_on(
        self, changed: list[CaseRecord], existing: dict[str, tuple[int, str]], outcome: ImportOutcome
    ) -> list[CaseRecord]:
        """A case staff have worked on since the import is theirs now: the old system's change is not applied."""
        ids = [existing[record.reference][0] for record in changed]
        worked_on = set(
            TimelineEvent.objects.filter(case_id__in=ids)
            .exclude(data__has_key="imported")
            .values_list("case_id", flat=True)
        )
        kept = []
        for record in changed:
            if existing[record.reference][0] in worked_on:
                outcome.refused.append(
                    Problem(
                        self.table,
                        record.row,
                        "",
                        f"{record.reference} has changed in {self.system}, but staff have worked on the case in "
                        "PutRight since it was imported, so the change has not been applied: make it on the case",
                    )
                )
            else:
                kept.append(record)
        return kept

    # --- cases, contacts, customers -----------------------------------------------------------------------

    def _case_fields(self, record: CaseRecord, stages: StagesByReference) -> dict[str, Any]:
        service = self.services[record.service_id]
        closed_on = _closed_on(record)
        # Where it stands and what is due next, from its last stage, by the lifecycle's rules.
        case = Case()
        last = stages[record.reference][-1][0] if stages[record.reference] else None
        case.status = lifecycle.imported_case_status(last_stage=last, closed=record.closed is not None)
        lifecycle.refresh_imported_next_due(case, last)
        return {
            "status": case.status,
            "next_due_date": case.next_due_date,
            "next_due_label": case.next_due_label,
            "kind": record.kind,
            "kind_reason": f"As recorded in {self.system}.",
            "procedure_version_id": record.procedure_version_id,
            "service_area_id": record.service_id,
            "title": record.title,
            "description": record.description,
            "desired_outcome": record.desired_outcome,
            "is_restricted": service.is_restricted,
            "postcode": record.postcode,
            "ward": record.ward,
            "received_at": record.received_at,
            "closed_at": _on(closed_on) if closed_on else None,
            "imported_from": self.system,
            "imported_reference": record.reference,
            "lead_officer_id": record.lead_officer_id,
            "created_by": self.actor,
        }

    def _customer(self, record: CaseRecord) -> Customer | None:
        if not record.customer.get("last_name"):
            return None
        details = {name: value for name, value in record.customer.items() if name != "postcode"}
        return Customer(
            **details, postcode=record.postcode, preferred_contact_method="email" if details.get("email") else "letter"
        )

    def _contact_fields(self, record: CaseRecord, customer: Customer | None) -> dict[str, Any]:
        return {
            "channel": record.channel or Channel.PHONE,
            "received_at": record.received_at,
            "subject": record.title,
            "raw_text": record.description,
            "customer": customer,
            "logged_by": self.actor,
            "triaged_at": record.received_at,  # triaged in the old system: not in PutRight's triage queue
            "triage_note": f"Imported from {self.system}.",
        }

    def _create_cases(self, records: list[CaseRecord], stages: StagesByReference) -> list[tuple[Case, CaseRecord]]:
        customers = [self._customer(record) for record in records]
        Customer.objects.bulk_create([customer for customer in customers if customer is not None])
        contacts = [
            Contact(**self._contact_fields(record, customer))
            for record, customer in zip(records, customers, strict=True)
        ]
        Contact.objects.bulk_create(contacts)
        references = self._references(records)
        cases = [
            Case(reference=reference, contact=contact, customer=customer, **self._case_fields(record, stages))
            for record, contact, customer, reference in zip(records, contacts, customers, references, strict=True)
        ]
        Case.objects.bulk_create(cases)
        return list(zip(cases, records, strict=True))

    def _references(self, records: list[CaseRecord]) -> list[str]:
        """PutRight references in the year each case was received, as cases logged then would have had."""
        by_year: dict[int, list[int]] = defaultdict(list)
        for index, record in enumerate(records):
            by_year[timezone.localtime(record.received_at).year].append(index)
        references = [""] * len(records)
        for year, indexes in sorted(by_year.items()):
            for index, reference in zip(indexes, lifecycle.next_references(year, len(indexes)), strict=True):
                references[index] = reference
        return references

    def _rewrite_cases(
        self, records: list[CaseRecord], existing: dict[str, tuple[int, str]], stages: StagesByReference
    ) -> list[tuple[Case, CaseRecord]]:
        """A changed record rewrites its case in place: same PutRight reference, its history written again."""
        if not records:
            return []
        ids = [existing[record.reference][0] for record in records]
        OmbudsmanReferral.objects.filter(case_id__in=ids).delete()
        # Let go of the stages deleted next; `_write_history` sets the current stage and its handler again.
        Case.objects.filter(pk__in=ids).update(current_stage=None)
        Stage.objects.filter(case_id__in=ids).delete()
        TimelineEvent.objects.filter(case_id__in=ids).delete()
        Case.categories.through.objects.filter(case_id__in=ids).delete()
        cases = {case.pk: case for case in Case.objects.select_related("contact", "customer").filter(pk__in=ids)}
        pairs = []
        for record, case_id in zip(records, ids, strict=True):
            case = cases[case_id]
            for name, value in self._case_fields(record, stages).items():
                setattr(case, name, value)
            replacement = self._customer(record)
            if replacement is None:
                case.customer = None
            elif case.customer is None:
                replacement.save()
                case.customer = replacement
            else:
                for name in ("first_name", "last_name", "email", "phone", "address", "postcode"):
                    setattr(case.customer, name, getattr(replacement, name))
                case.customer.save()
            Contact.objects.filter(pk=case.contact_id).update(**self._contact_fields(record, case.customer))
            case.lock_version += 1  # a form opened on the old version is refused, as after any change
            case.save()
            pairs.append((case, record))
        return pairs

    # --- stages, remedies, referrals, timeline ---------------------------------------------------------

    def _write_history(self, pairs: list[tuple[Case, CaseRecord]], stages: StagesByReference) -> None:
        written: list[Stage] = []
        remedies: list[Remedy] = []
        referrals: list[OmbudsmanReferral] = []
        timeline: list[TimelineEvent] = []
        categories: list[Any] = []
        for case, record in pairs:
            for stage, stage_remedies in stages[record.reference]:
                stage.case = case
                written.append(stage)
                remedies.extend(Remedy(stage=stage, **remedy) for remedy in stage_remedies)
            categories.extend(
                Case.categories.through(case_id=case.pk, category_id=category) for category in record.category_ids
            )
            if record.referral:
                referrals.append(self._referral(case, record))
            timeline.extend(self._timeline(case, record, [stage for stage, _r in stages[record.reference]]))
        Stage.objects.bulk_create(written)
        Remedy.objects.bulk_create(remedies)  # each remedy's stage has its id now, which bulk_create reads
        lifecycle.set_imported_current_stages([case.pk for case, _record in pairs])
        insert(Case.categories.through, categories)
        OmbudsmanReferral.objects.bulk_create(referrals)
        insert(TimelineEvent, timeline)
        # Inserted in bulk, without the events that keep the report figures' stage facts in step: written here.
        refresh_facts_of([case.pk for case, _record in pairs])

    def _stages(self, record: CaseRecord) -> list[tuple[Stage, list[dict[str, Any]]]]:
        """The record's stages, unsaved and not yet tied to a case, each with its remedies' fields."""
        stages = []
        for index, data in enumerate(record.stages):
            rule = self.rules[data.rule_id]
            is_last = index == len(record.stages) - 1
            stage = Stage(
                number=data.number,
                rule=rule,
                handler_id=data.handler_id,
                received_date=data.received,
                acknowledged_date=data.acknowledged,
                responded_date=data.responded,
                outcome=data.outcome,
                outcome_reasons=data.reasons,
                status=lifecycle.imported_stage_status(
                    is_last=is_last, responded=data.responded is not None, case_closed=record.closed is not None
                ),
            )
            lifecycle.set_imported_stage_dates(
                stage,
                calendar=self.calendar(rule),
                response_due=data.response_due,
                original_response_due=data.original_response_due,
            )
            if data.responded and data.number < self.last_stage[rule.version_id]:
                stage.escalation_closes_date, _why = lifecycle.escalation_closes_for(
                    rule,
                    responded=data.responded,
                    organisation=self.organisation,
                    calendar=self.calendar(rule),
                    received=timezone.localtime(record.received_at).date(),
                )
            remedies = [self._remedy(r, closed_on=_closed_on(record)) for r in data.remedies]
            stages.append((stage, remedies))
        return stages

    def _remedy(self, remedy: RemedyRecord, *, closed_on: date | None) -> dict[str, Any]:
        """A remedy's fields: done when the old system says so, or when it closed the case (history, not work to do)."""
        fields: dict[str, Any] = {
            "remedy_type": remedy.remedy_type,
            "description": remedy.description,
            "amount": remedy.amount,
        }
        if remedy.done is not None:
            fields |= {"completed_date": remedy.done, "evidence": f"Recorded as done in {self.system} before import"}
        elif closed_on is not None:
            fields |= {"completed_date": closed_on, "evidence": f"Closed in {self.system} before import"}
        return fields

    def _referral(self, case: Case, record: CaseRecord) -> OmbudsmanReferral:
        referral = record.referral
        assert referral is not None
        return OmbudsmanReferral(
            case=case,
            ombudsman=referral.ombudsman,
            ombudsman_reference=referral.reference,
            referred_date=referral.referred,
            decision=referral.decision,
            decision_date=referral.decision_date,
            decision_summary=referral.summary,
            created_by=self.actor,
        )

    def _timeline(self, case: Case, record: CaseRecord, stages: list[Stage]) -> list[TimelineEvent]:
        data = {"imported": self.system, "reference": record.reference}
        procedure = self.rules[stages[0].rule_id].version.procedure.name if stages else "no procedure"
        said = [
            events.historic(
                case,
                EventKind.LOGGED,
                f"{_label(record.kind)} logged in {self.system} as {record.reference}, from a "
                f"{_label(record.channel).lower()} contact, under {procedure}.",
                occurred_at=record.received_at,
                data=data,
            )
        ]
        for stage in stages:
            if stage.number > 1:
                said.append(
                    events.historic(
                        case,
                        EventKind.ESCALATED,
                        f"Escalated to stage {stage.number} ({stage.rule.name}) on {stage.received_date:%d %B %Y}.",
                        occurred_at=_on(stage.received_date),
                        data=data,
                    )
                )
            if stage.acknowledged_date:
                said.append(
                    events.historic(
                        case,
                        EventKind.ACKNOWLEDGED,
                        f"Stage {stage.number} acknowledged on {stage.acknowledged_date:%d %B %Y}.",
                        occurred_at=_on(stage.acknowledged_date),
                        data=data,
                    )
                )
            if stage.responded_date:
                on_time = stage.responded_date <= stage.response_due_date
                said.append(
                    events.historic(
                        case,
                        EventKind.RESPONDED,
                        f"Stage {stage.number} response: {_label(stage.outcome).lower()} "
                        f"({'on time' if on_time else 'late'}, due {stage.response_due_date:%d %B %Y}).",
                        occurred_at=_on(stage.responded_date),
                        data={**data, "stage": stage.number, "outcome": stage.outcome, "on_time": on_time},
                    )
                )
        if record.referral:
            referral = record.referral
            said.append(
                events.historic(
                    case,
                    EventKind.OMBUDSMAN_REFERRED,
                    f"Taken to the ombudsman on {referral.referred:%d %B %Y}"
                    f"{' (reference ' + referral.reference + ')' if referral.reference else ''}.",
                    occurred_at=_on(referral.referred),
                    data=data,
                )
            )
            if referral.decision and referral.decision_date:
                said.append(
                    events.historic(
                        case,
                        EventKind.OMBUDSMAN_DECISION,
                        f"Ombudsman's decision: {_label(referral.decision).lower()}.",
                        occurred_at=_on(referral.decision_date),
                        data=data,
                    )
                )
        if case.closed_at:
            said.append(events.historic(case, EventKind.CLOSED, "Closed.", occurred_at=case.closed_at, data=data))
        said.append(
            events.historic(
                case,
                EventKind.IMPORTED,
                f"Imported from {self.system} (its reference {record.reference}) by {self.actor}.",
                occurred_at=timezone.now(),
                data=data,
            )
        )
        return said
