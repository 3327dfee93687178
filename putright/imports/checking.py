"""Checking every row of an export before anything is written: each problem named by sheet, row, column and reason.

A row that passes becomes a `CaseRecord`: our values, translated through the mapping's codes and checked by the
same rules the staff pages apply (dates not in the future, a response not before its stage began, an ombudsman
decision in that ombudsman's words). Nothing here writes to the database.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from django.db.models import TextChoices
from django.utils import timezone

from putright.cases.choices import KINDS_WITHOUT_PROCEDURE, CaseKind, Channel, Outcome, RemedyType
from putright.cases.models import Case
from putright.cases.usual_procedure import KIND_PROCEDURE_SLUGS
from putright.core.phones import phone_problem
from putright.core.postcodes import postcode_for_storage
from putright.imports.mapping import Mapping
from putright.imports.reading import Table
from putright.ombudsman.choices import REFERRABLE, Decision, decisions_for
from putright.ombudsman.services import default_ombudsman
from putright.organisation.models import Category, ServiceArea, User
from putright.procedures.models import Procedure, ProcedureVersion, StageRule

CUSTOMER_FIELDS = ("first_name", "last_name", "email", "phone", "address")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Problem:
    """Why one cell (or row) cannot be imported. Row 1 is the headings; `column` is the export's heading."""

    table: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.table}, row {self.row}" + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class RemedyRecord:
    remedy_type: str
    description: str
    amount: Decimal | None
    done: date | None = None  # when the old system recorded it done (the mapping's remedy_done column)


@dataclass(frozen=True)
class StageRecord:
    number: int
    rule_id: int
    received: date
    acknowledged: date | None
    response_due: date | None
    original_response_due: date | None
    responded: date | None
    outcome: str
    reasons: str
    remedies: tuple[RemedyRecord, ...]
    handler_id: int | None = None


@dataclass(frozen=True)
class ReferralRecord:
    ombudsman: str
    reference: str
    referred: date
    decision: str
    decision_date: date | None
    summary: str


@dataclass(frozen=True)
class CaseRecord:
    """One case of the old system, in our terms, ready to write."""

    reference: str
    received_at: datetime
    kind: str
    channel: str
    service_id: int
    procedure_version_id: int | None
    category_ids: tuple[int, ...]
    title: str
    description: str
    desired_outcome: str
    postcode: str
    ward: str
    customer: dict[str, str]
    closed: date | None
    stages: tuple[StageRecord, ...]
    referral: ReferralRecord | None
    row: int = field(compare=False)
    lead_officer_id: int | None = None

    @cached_property
    def fingerprint(self) -> str:
        """The same for the same record however the file is ordered: re-importing it then changes nothing."""
        data = asdict(self)
        data.pop("row")
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class CheckResult:
    """What a dry run reports: the good records, every problem, and which case rows are bad."""

    records: list[CaseRecord]
    problems: list[Problem]
    bad_rows: dict[int, list[Problem]]  # case-table row number -> its problems (including its responses')
    case_table: Table
    rows_checked: int

    @property
    def is_clean(self) -> bool:
        return not self.problems


class _Row:
    """One row being checked: reads cells by our field name, noting each problem against the export's column."""

    def __init__(self, table: str, number: int, cells: dict[str, Any], columns: dict[str, str], checker: Checker):
        self.table, self.number, self.cells, self.columns, self.checker = table, number, cells, columns, checker
        self.problems: list[Problem] = []

    def problem(self, ours: str, reason: str) -> None:
        self.problems.append(Problem(self.table, self.number, self.columns.get(ours, ""), reason))

    def raw(self, ours: str) -> Any:
        column = self.columns.get(ours)
        value = self.cells.get(column, "") if column else ""
        return "" if value is None else value

    def text(self, ours: str, max_length: int | None = None) -> str:
        value = self.raw(ours)
        text = str(value).strip() if not isinstance(value, float) or not value.is_integer() else str(int(value))
        if max_length is not None and len(text) > max_length:
            self.problem(ours, f"longer than {max_length} characters ({len(text)})")
        return text

    def phone(self, ours: str) -> str:
        """A phone number, checked by the rule every form and the API use (`core.phones`)."""
        text = self.text(ours)
        if isinstance(self.raw(ours), (int, float)) and len(text) in (9, 10):
            text = "0" + text  # a spreadsheet that took the number for a number dropped its leading 0
        if problem := phone_problem(text):
            self.problem(ours, f"'{text}': {problem}")
        return text

    def day(self, ours: str, *, required: bool = False) -> date | None:
        value = self.raw(ours)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if not text:
            if required:
                self.problem(ours, "empty; a date is needed")
            return None
        for pattern in self.checker.mapping.date_formats:
            try:
                parsed = datetime.strptime(text, pattern).date()
            except ValueError:
                continue
            if parsed > self.checker.today:
                self.problem(ours, f"'{text}' is in the future")
                return None
            return parsed
        self.problem(ours, f"'{text}' is not a date in the form {' or '.join(self.checker.mapping.date_formats)}")
        return None

    def coded(self, ours: str, choices: dict[str, str], what: str, *, default: str = "") -> str:
        """Our value for a coded cell: translated by the mapping's codes, then matched to our own values."""
        raw = self.text(ours)
        if not raw:
            raw = self.checker.mapping.defaults.get(ours, default)
            if not raw:
                return ""
        else:
            codes = self.checker.mapping.codes.get(ours)
            if codes is not None:
                if raw.casefold() not in codes:
                    self.problem(ours, f"'{raw}' is not one of the mapping's codes for {ours}")
                    return ""
                raw = codes[raw.casefold()]
        ours_value = choices.get(raw.strip().casefold())
        if ours_value is None:
            self.problem(ours, f"'{raw}' is not {what} PutRight knows")
            return ""
        return ours_value


def _choices(choices: type[TextChoices]) -> dict[str, str]:
    """Our stored values and their labels, either of which a mapping may use."""
    found = {str(value).casefold(): str(value) for value in choices.values}
    found.update({str(label).casefold(): str(value) for value, label in choices.choices})
    return found


class Checker:
    """The reference data (services, procedures, categories) read once, and the rules each row must pass."""

    def __init__(self, mapping: Mapping, *, today: date) -> None:
        self.mapping, self.today = mapping, today
        self.services = {s.pk: s for s in ServiceArea.objects.all()}
        self.service_names: dict[str, str] = {}
        for service in self.services.values():
            self.service_names[service.slug.casefold()] = str(service.pk)
            self.service_names[service.name.casefold()] = str(service.pk)
        self.procedures: dict[str, ProcedureVersion] = {}
        for procedure in Procedure.objects.prefetch_related("versions__stages"):
            latest = max(procedure.versions.all(), key=lambda version: version.number, default=None)
            if latest is not None:
                self.procedures[procedure.slug.casefold()] = latest
                self.procedures[procedure.name.casefold()] = latest
        self.categories: dict[tuple[int | None, str], int] = {
            (category.service_area_id, category.name.casefold()): category.pk for category in Category.objects.all()
        }
        self.kinds, self.channels, self.outcomes = _choices(CaseKind), _choices(Channel), _choices(Outcome)
        self.remedy_types, self.decisions = _choices(RemedyType), _choices(Decision)
        # Officers by username or email; those who have left stay as inactive users, so their cases keep their names.
        self.officers: dict[str, int] = {}
        for pk, username, email in User.objects.values_list("pk", "username", "email"):
            self.officers[username.casefold()] = pk
            if email:
                self.officers.setdefault(email.casefold(), pk)
        self.ombudsmen = {str(v).casefold(): str(v) for v, _label in REFERRABLE}
        self.ombudsmen.update({str(label).casefold(): str(v) for v, label in REFERRABLE})

    # --- a case row ------------------------------------------------------------------------------------

    def case(
        self, table: str, number: int, cells: dict[str, Any], responses: Sequence[_Row]
    ) -> tuple[CaseRecord | None, list[Problem]]:
        row = _Row(table, number, cells, self.mapping.case_columns, self)
        reference = row.text("reference", 60)
        if not reference:
            row.problem("reference", "empty; every case needs the old system's reference")
        received = row.day("received", required=True)
        kind = row.coded("kind", self.kinds, "a kind of case", default=CaseKind.COMPLAINT)
        channel = row.coded("channel", self.channels, "a channel", default=Channel.PHONE)
        service_pk = row.coded("service", self.service_names, "a service")
        if not service_pk and not row.text("service"):
            row.problem("service", "empty; every case needs a service")
        service = self.services.get(int(service_pk)) if service_pk else None
        version = self._procedure(row, kind, service)
        categories = self._categories(row, service)
        title = row.text("title")
        description = row.text("description")
        if not title and not description:
            row.problem("description", "empty, and so is the title: say what the case is about")
        postcode = postcode_for_storage(row.text("postcode"))
        if len(postcode) > 10:
            row.problem("postcode", f"'{row.text('postcode')}' is not a postcode")
        customer = {name: row.text(name) for name in CUSTOMER_FIELDS}
        customer["phone"] = row.phone("phone")
        if any(customer.values()) and not customer["last_name"]:
            row.problem("last_name", "empty; a customer's details need at least their last name")
        closed = row.day("closed")
        lead_officer = self.officer(row, "lead_officer")
        rules = {rule.number: rule for rule in version.stages.all()} if version else {}
        stages = self._stages(row, responses, rules, received, kind)
        if closed and stages and stages[-1].responded and closed < stages[-1].responded:
            row.problem("closed", f"before the last response ({stages[-1].responded:%d/%m/%Y})")
        referral = self._referral(row, service, version, stages)
        problems = row.problems + [p for response in responses for p in response.problems]
        if problems or received is None or service is None:
            return None, problems
        return (
            CaseRecord(
                reference=reference,
                received_at=timezone.make_aware(datetime.combine(received, time())),
                kind=kind,
                channel=channel,
                service_id=service.pk,
                procedure_version_id=version.pk if version else None,
                category_ids=categories,
                title=(title or description.splitlines()[0])[:200],
                description=description or title,
                desired_outcome=row.text("desired_outcome"),
                postcode=postcode,
                ward=row.text("ward", 100),
                customer={**customer, "postcode": postcode},
                closed=closed,
                stages=tuple(stages),
                referral=referral,
                row=number,
                lead_officer_id=lead_officer,
            ),
            [],
        )

    def officer(self, row: _Row, ours: str) -> int | None:
        """A member of staff named by username or email (add those who have left as inactive users first)."""
        name = row.text(ours)
        if not name:
            return None
        found = self.officers.get(name.casefold())
        if found is None:
            row.problem(ours, f"'{name}' is not the username or email of anyone in PutRight")
        return found

    def _procedure(self, row: _Row, kind: str, service: ServiceArea | None) -> ProcedureVersion | None:
        if kind in KINDS_WITHOUT_PROCEDURE:
            return None
        # Left empty, an enquiry or a service request takes the procedure for its kind, as on the staff forms
        # (`cases.usual_procedure`); a complaint its service's.
        default = KIND_PROCEDURE_SLUGS.get(kind) or (service.default_procedure_slug if service else "")
        slug = row.coded("procedure", {key: key for key in self.procedures}, "a procedure", default=default)
        if not slug:
            if kind and service:
                row.problem("procedure", f"empty, and {service.name} has no default procedure")
            return None
        return self.procedures[slug]

    def _categories(self, row: _Row, service: ServiceArea | None) -> tuple[int, ...]:
        raw = row.text("category")
        if not raw or service is None:
            return ()  # without a service, its categories cannot be checked (the service's problem is reported)
        names = self.mapping.codes.get("category")
        name = names.get(raw.casefold(), "") if names is not None else raw
        if not name:
            row.problem("category", f"'{raw}' is not one of the mapping's codes for category")
            return ()
        found = self.categories.get((service.pk, name.casefold())) or self.categories.get((None, name.casefold()))
        if found is None:
            row.problem("category", f"'{name}' is not a category of {service.name}")
            return ()
        return (found,)

    # --- stages -----------------------------------------------------------------------------------------

    def _stages(
        self, row: _Row, responses: Sequence[_Row], rules: dict[int, StageRule], received: date | None, kind: str
    ) -> list[StageRecord]:
        groups: list[tuple[int, _Row]] = []
        for stage_columns in self.mapping.stage_columns:
            group = _Row(row.table, row.number, row.cells, stage_columns.columns, self)
            group.problems = row.problems  # the case row's own problems: one list
            if stage_columns.number == 1 or any(group.text(name) for name in stage_columns.columns):
                groups.append((stage_columns.number, group))
        for response in responses:
            number_text = response.text("stage")
            if not number_text.isdigit() or int(number_text) < 1:
                response.problem("stage", f"'{number_text}' is not a stage number (1, 2 ...)")
                continue
            groups.append((int(number_text), response))
        if not rules:
            if kind in KINDS_WITHOUT_PROCEDURE and any(group.text("responded") for _n, group in groups):
                row.problem("", f"a {kind} has no procedure, so it has no stages to import")
            return []
        if not groups:
            groups.append((1, _Row(row.table, row.number, {}, {}, self)))
        stages: list[StageRecord] = []
        for number, group in sorted(groups, key=lambda pair: pair[0]):
            stage = self._stage(group, number, rules, stages, received)
            if stage is not None:
                stages.append(stage)
        return stages

    def _stage(
        self,
        row: _Row,
        number: int,
        rules: dict[int, StageRule],
        earlier: list[StageRecord],
        case_received: date | None,
    ) -> StageRecord | None:
        rule = rules.get(number)
        if rule is None:
            row.problem("stage", f"the procedure has {len(rules)} stage(s); there is no stage {number}")
            return None
        if any(stage.number == number for stage in earlier):
            row.problem("stage", f"stage {number} appears twice for this case")
            return None
        if number > 1 and (not earlier or earlier[-1].number != number - 1 or earlier[-1].responded is None):
            row.problem("stage", f"stage {number} needs a stage {number - 1} response before it")
            return None
        received = row.day("received") or (case_received if number == 1 else None)
        if received is None:
            row.problem("received", f"empty; stage {number} needs the date it began")
            return None
        if earlier and earlier[-1].responded and received < earlier[-1].responded:
            row.problem("received", f"before the stage {number - 1} response ({earlier[-1].responded:%d/%m/%Y})")
        acknowledged = row.day("acknowledged")
        if acknowledged and acknowledged < received:
            row.problem("acknowledged", f"before the stage began ({received:%d/%m/%Y})")
        responded = row.day("responded")
        if responded and responded < received:
            row.problem("responded", f"before the stage began ({received:%d/%m/%Y})")
        outcome = row.coded("outcome", self.outcomes, "an outcome")
        if responded and not outcome and not row.text("outcome"):
            row.problem("outcome", "empty; a stage with a response needs its outcome")
        if outcome and not responded and not row.text("responded"):
            row.problem("responded", "empty; an outcome needs the date of the response")
        return StageRecord(
            number=number,
            rule_id=rule.pk,
            received=received,
            acknowledged=acknowledged,
            response_due=row.day("due"),
            original_response_due=row.day("original_due"),
            responded=responded,
            outcome=outcome,
            reasons=row.text("reasons"),
            remedies=self._remedies(row, received),
            handler_id=self.officer(row, "handler"),
        )

    def _remedies(self, row: _Row, received: date) -> tuple[RemedyRecord, ...]:
        remedy_type = row.coded("remedy_type", self.remedy_types, "a kind of remedy")
        done = row.day("remedy_done")
        if done and done < received:
            row.problem("remedy_done", f"before the stage began ({received:%d/%m/%Y})")
        amount_text = row.text("remedy_amount").replace("£", "").replace(",", "")
        amount = None
        if amount_text:
            try:
                amount = Decimal(amount_text).quantize(Decimal("0.01"))
            except InvalidOperation:
                row.problem("remedy_amount", f"'{amount_text}' is not an amount of money")
            else:
                if amount < 0:
                    row.problem("remedy_amount", "a remedy's amount cannot be negative")
        if not remedy_type:
            if amount is not None or row.text("remedy") or done:
                row.problem("remedy_type", "empty; a remedy needs its kind")
            return ()
        if remedy_type == RemedyType.FINANCIAL and amount is None:
            row.problem("remedy_amount", "empty; a financial remedy needs its amount")
        description = row.text("remedy") or RemedyType(remedy_type).label
        return (RemedyRecord(remedy_type, str(description), amount, done),)

    # --- ombudsman --------------------------------------------------------------------------------------

    def _referral(
        self, row: _Row, service: ServiceArea | None, version: ProcedureVersion | None, stages: list[StageRecord]
    ) -> ReferralRecord | None:
        fields = ("ombudsman", "ombudsman_reference", "ombudsman_referred", "ombudsman_decision")
        if not any(row.text(name) for name in fields):
            return None
        referred = row.day("ombudsman_referred")
        if referred is None and not row.text("ombudsman_referred"):
            row.problem("ombudsman_referred", "empty; a referral needs the date the ombudsman told us")
        default = default_ombudsman(Case(service_area=service, procedure_version=version)) if service else ""
        ombudsman = row.coded("ombudsman", self.ombudsmen, "an ombudsman", default=default)
        decision = row.coded("ombudsman_decision", self.decisions, "an ombudsman's decision")
        decision_date = row.day("ombudsman_decision_date")
        if decision and ombudsman and decision not in decisions_for(ombudsman):
            row.problem("ombudsman_decision", f"'{Decision(decision).label}' is not a decision that ombudsman makes")
        if decision and decision_date is None and not row.text("ombudsman_decision_date"):
            row.problem("ombudsman_decision_date", "empty; a decision needs its date")
        if decision_date and not decision:
            row.problem("ombudsman_decision", "empty, but there is a decision date")
        if referred and decision_date and decision_date < referred:
            row.problem("ombudsman_decision_date", f"before the referral ({referred:%d/%m/%Y})")
        if referred is None or not ombudsman:
            return None
        return ReferralRecord(
            ombudsman=ombudsman,
            reference=row.text("ombudsman_reference", 40),
            referred=referred,
            decision=decision,
            decision_date=decision_date,
            summary=row.text("ombudsman_summary"),
        )


def check_export(
    mapping: Mapping,
    cases: Table,
    responses: Table | None,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """Check every row; nothing is written. Each bad case row is named with all its problems."""
    checker = Checker(mapping, today=today or timezone.localdate())
    problems = _missing_columns(cases, mapping.case_columns)
    problems += [
        problem for column_group in mapping.stage_columns for problem in _missing_columns(cases, column_group.columns)
    ]
    if responses is not None:
        problems += _missing_columns(responses, mapping.response_columns)
    if problems:
        # A column the mapping names is not in the export: every row would fail the same way; say it once.
        return CheckResult([], problems, {}, cases, 0)
    responses_by_case: dict[str, list[_Row]] = defaultdict(list)
    if responses is not None:
        for number, cells in responses.rows:
            response = _Row(responses.name, number, cells, mapping.response_columns, checker)
            responses_by_case[response.text("case_reference")].append(response)
    records: list[CaseRecord] = []
    bad_rows: dict[int, list[Problem]] = {}
    seen: dict[str, int] = {}
    total = len(cases.rows)
    for done, (number, cells) in enumerate(cases.rows, start=1):
        reference = _Row(cases.name, number, cells, mapping.case_columns, checker).text("reference")
        if reference in seen:
            problem = Problem(
                cases.name,
                number,
                mapping.case_columns["reference"],
                f"the reference '{reference}' is also on row {seen[reference]}",
            )
            bad_rows[number] = [problem]
            problems.append(problem)
            continue
        seen[reference] = number
        record, row_problems = checker.case(cases.name, number, cells, responses_by_case.pop(reference, []))
        if record is None:
            bad_rows[number] = row_problems
            problems.extend(row_problems)
        else:
            records.append(record)
        if progress and (done % 1000 == 0 or done == total):
            progress(done, total)
    for orphans in responses_by_case.values():
        for orphan in orphans:
            problems.append(
                Problem(
                    orphan.table,
                    orphan.number,
                    mapping.response_columns["case_reference"],
                    f"no case with the reference '{orphan.text('case_reference')}' in {cases.name}",
                )
            )
    return CheckResult(records, problems, bad_rows, cases, total)


def _missing_columns(table: Table, columns: dict[str, str]) -> list[Problem]:
    return [
        Problem(table.name, 1, theirs, f"no such column in the export (the mapping gives it for '{ours}')")
        for ours, theirs in columns.items()
        if theirs not in table.headings
    ]
