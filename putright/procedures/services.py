"""Changes to procedures. Versions are only ever added, so a case keeps the rules it started under."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from putright.organisation.models import User
from putright.procedures.models import Procedure, ProcedureVersion, StageRule
from putright.procedures.selectors import current_version, is_code_procedure

# What a new version may change on a stage; the stage number and its version are fixed.
CHANGEABLE_STAGE_FIELDS = frozenset(
    {
        "name",
        "acknowledge_working_days",
        "respond_amount",
        "respond_unit",
        "respond_from",
        "max_extension_working_days",
        "extension_cap_fixed_by",
        "extension_needs_agreement",
        "response_date_agreed_at_acknowledgement",
        "clock_may_start_at_agreed_statement",
        "panel_meets_within_working_days",
        "escalation_window_amount",
        "escalation_window_unit",
        "escalation_window_from_matter_months",
        "may_start_here",
        "source",
        "acknowledgement_is_local_practice",
        "timing_not_confirmed",
    }
)


class ProcedureError(ValueError):
    """A change to a procedure that cannot be made; the message says why in plain English."""


def copy_procedure(*, source: Procedure, slug: str, name: str, actor: User | None) -> Procedure:
    """A new, editable procedure starting from the source's current rules (presets are copied, not edited)."""
    try:
        validate_slug(slug)
        if len(slug) > Procedure._meta.get_field("slug").max_length:  # type: ignore[operator]
            raise ValidationError("too long")
    except ValidationError as error:
        raise ProcedureError(
            _(
                "'{slug}' cannot be used as a short name: use up to 50 letters, numbers, hyphens and underscores."
            ).format(slug=slug)
        ) from error
    if not name.strip():
        raise ProcedureError(_("Give the new procedure a name."))
    with transaction.atomic():
        if Procedure.objects.filter(slug=slug).exists():
            raise ProcedureError(
                _("A procedure with the short name '{slug}' already exists: choose another.").format(slug=slug)
            )
        original = _current(source)
        procedure = Procedure.objects.create(
            slug=slug,
            name=name.strip(),
            description=source.description,
            is_preset=False,
            is_complaint_procedure=source.is_complaint_procedure,
            is_statutory=source.is_statutory,
            based_on=source,
        )
        version = ProcedureVersion.objects.create(
            procedure=procedure,
            number=1,
            excludes_boxing_day=original.excludes_boxing_day,
            receipt_day_is_day_zero=original.receipt_day_is_day_zero,
            late_acknowledgement_delays_response=original.late_acknowledgement_delays_response,
            complaint_time_limit_months=original.complaint_time_limit_months,
            change_note=_("Copied from {name} (version {number}).").format(name=source.name, number=original.number),
            created_by=actor,
        )
        StageRule.objects.bulk_create(_copy_stage(stage, version, {}) for stage in original.stages.all())
    return procedure


def publish_new_version(
    *,
    procedure: Procedure,
    actor: User | None,
    change_note: str,
    stage_changes: dict[int, dict[str, object]],
    excludes_boxing_day: bool | None = None,
    receipt_day_is_day_zero: bool | None = None,
    late_acknowledgement_delays_response: bool | None = None,
    complaint_time_limit_months: int | None = None,
    early_resolution_hours: int | None = None,
) -> ProcedureVersion:
    """A new current version: the current one with `stage_changes` ({stage number: {field: value}}) applied.

    Earlier versions are left exactly as they were, because running cases keep counting under them.
    """
    if not change_note.strip():
        raise ProcedureError(_("Say what changed in this version."))
    if early_resolution_hours and is_code_procedure(procedure):
        # HO Code 5.2: no extra named stage such as "stage 0" or "informal complaint" (docs/rules.md).
        raise ProcedureError(_("The Complaint Handling Code allows no early resolution stage before stage 1."))
    with transaction.atomic():
        # Lock the procedure so two people publishing at once cannot both take the same version number.
        Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
        original = _current(procedure)
        stages = list(original.stages.all())
        _check_stage_changes(procedure, stages, stage_changes)
        version = ProcedureVersion.objects.create(
            procedure=procedure,
            number=original.number + 1,
            excludes_boxing_day=(original.excludes_boxing_day if excludes_boxing_day is None else excludes_boxing_day),
            receipt_day_is_day_zero=(
                original.receipt_day_is_day_zero if receipt_day_is_day_zero is None else receipt_day_is_day_zero
            ),
            late_acknowledgement_delays_response=(
                original.late_acknowledgement_delays_response
                if late_acknowledgement_delays_response is None
                else late_acknowledgement_delays_response
            ),
            # None keeps the current limit; 0 removes it.
            complaint_time_limit_months=(
                original.complaint_time_limit_months
                if complaint_time_limit_months is None
                else (complaint_time_limit_months or None)
            ),
            # None keeps the current window; 0 removes it.
            early_resolution_hours=(
                original.early_resolution_hours if early_resolution_hours is None else (early_resolution_hours or None)
            ),
            change_note=change_note.strip(),
            created_by=actor,
        )
        new_stages = [_copy_stage(stage, version, stage_changes.get(stage.number, {})) for stage in stages]
        for stage in new_stages:
            try:
                stage.full_clean(exclude=["version"], validate_constraints=False)
            except ValidationError as error:
                raise ProcedureError(_describe(stage.number, error)) from error
        StageRule.objects.bulk_create(new_stages)
    return version


def _current(procedure: Procedure) -> ProcedureVersion:
    try:
        return current_version(procedure)
    except ProcedureVersion.DoesNotExist:
        raise ProcedureError(_("{name} has no versions yet.").format(name=procedure.name)) from None


def _check_stage_changes(
    procedure: Procedure, stages: list[StageRule], stage_changes: dict[int, dict[str, object]]
) -> None:
    numbers = {stage.number for stage in stages}
    for number, changes in stage_changes.items():
        if number not in numbers:
            if is_code_procedure(procedure) and number > 2:
                # HO Code 5.3: more than two stages is never acceptable (docs/rules.md).
                raise ProcedureError(
                    _("Stage {number} cannot be added: the Complaint Handling Code allows only two stages.").format(
                        number=number
                    )
                )
            raise ProcedureError(
                _("There is no stage {number}: {name} has {count} stage(s), numbered {numbers}.").format(
                    number=number,
                    name=procedure.name,
                    count=len(numbers),
                    numbers=", ".join(str(n) for n in sorted(numbers)),
                )
            )
        unknown = sorted(set(changes) - CHANGEABLE_STAGE_FIELDS)
        if unknown:
            raise ProcedureError(
                _("Stage {number}: {unknown} cannot be changed. You can change: {allowed}.").format(
                    number=number, unknown=", ".join(unknown), allowed=", ".join(sorted(CHANGEABLE_STAGE_FIELDS))
                )
            )


def _copy_stage(stage: StageRule, version: ProcedureVersion, changes: dict[str, object]) -> StageRule:
    copy = StageRule(
        version=version,
        number=stage.number,
        name=stage.name,
        acknowledge_working_days=stage.acknowledge_working_days,
        respond_amount=stage.respond_amount,
        respond_unit=stage.respond_unit,
        respond_from=stage.respond_from,
        max_extension_working_days=stage.max_extension_working_days,
        extension_cap_fixed_by=stage.extension_cap_fixed_by,
        extension_needs_agreement=stage.extension_needs_agreement,
        response_date_agreed_at_acknowledgement=stage.response_date_agreed_at_acknowledgement,
        clock_may_start_at_agreed_statement=stage.clock_may_start_at_agreed_statement,
        panel_meets_within_working_days=stage.panel_meets_within_working_days,
        escalation_window_amount=stage.escalation_window_amount,
        escalation_window_unit=stage.escalation_window_unit,
        escalation_window_from_matter_months=stage.escalation_window_from_matter_months,
        may_start_here=stage.may_start_here,
        source=stage.source,
        acknowledgement_is_local_practice=stage.acknowledgement_is_local_practice,
        timing_not_confirmed=stage.timing_not_confirmed,
    )
    for field_name, value in changes.items():
        setattr(copy, field_name, value)
    return copy


def _describe(stage_number: int, error: ValidationError) -> str:
    labels = {
        field.name: str(field.verbose_name) for field in StageRule._meta.get_fields() if hasattr(field, "verbose_name")
    }
    problems = "; ".join(
        "{label}: {messages}".format(label=labels.get(name, name), messages=" ".join(messages))
        for name, messages in error.message_dict.items()
    )
    return _("Stage {number} cannot be saved: {problems}").format(number=stage_number, problems=problems)
