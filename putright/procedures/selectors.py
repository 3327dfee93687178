"""Reads for procedures: the version a new case starts under, and the calendar its clock runs on."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db.models import QuerySet

from putright.core.memo import once_per_request
from putright.core.prepared import PreparedRead
from putright.organisation.models import Organisation, ServiceArea
from putright.organisation.selectors import current_organisation
from putright.procedures.calendar import WorkingCalendar
from putright.procedures.models import Procedure, ProcedureVersion, StageRule

# A Code procedure is the preset or anything copied from it; the Code allows two stages only (docs/rules.md).
CODE_PRESET_SLUG = "joint-code"
# The presets for the kinds of case that are not complaints (Complaint Handling Code 1.2 to 1.4).
MEMBER_ENQUIRY_SLUG = "member-enquiry"
SERVICE_REQUEST_SLUG = "service-request"
# The statutory social care procedures (SI 2009/309 for adults, SI 2006/1738 for children).
ADULT_SOCIAL_CARE_SLUG = "adult-social-care"
STATUTORY_SOCIAL_CARE_SLUGS = frozenset({ADULT_SOCIAL_CARE_SLUG, "childrens-social-care"})


# Read on every case opened (prepared: core/prepared.py). The stages in number order: the model's own ordering (by
# version, whose ordering is by procedure) would join both tables to sort the stages of one version, the same way.
_newest_version_of = PreparedRead(
    lambda procedure_id: ProcedureVersion.objects.filter(procedure_id=procedure_id).order_by("-number")[:1], int
)
_newest_version_by_slug = PreparedRead(
    lambda slug: (
        ProcedureVersion.objects.select_related("procedure").filter(procedure__slug=slug).order_by("-number")[:1]
    ),
    str,
)
_stages_of = PreparedRead(lambda version_id: StageRule.objects.filter(version_id=version_id).order_by("number"), int)


def current_version(slug_or_procedure: str | Procedure) -> ProcedureVersion:
    """The newest version (the one new cases start under), with its stages loaded.

    Raises ProcedureVersion.DoesNotExist when the procedure is unknown or has no versions.
    """
    if isinstance(slug_or_procedure, Procedure):
        # The caller has the procedure (a form chose it): not read again.
        version = next(iter(_newest_version_of(slug_or_procedure.pk)), None)
        if version is not None:
            version.procedure = slug_or_procedure
    else:
        version = next(iter(_newest_version_by_slug(slug_or_procedure)), None)
    if version is None:
        raise ProcedureVersion.DoesNotExist(f"No procedure version for {slug_or_procedure!s}.")
    _load_stages(version)
    return version


def _load_stages(version: ProcedureVersion) -> None:
    """Load the version's stages as `prefetch_related("stages")` does: `version.stages.all()` gives them without a
    query, and each stage's `version` is this one."""
    stages = _stages_of(version.pk)
    for stage in stages:
        stage.version = version
    loaded = version.stages.get_queryset()
    loaded._result_cache = stages
    loaded._prefetch_done = True  # type: ignore[attr-defined]
    version._prefetched_objects_cache = {ProcedureVersion.stages.rel.cache_name: loaded}  # type: ignore[attr-defined]


def calendar_for(organisation: Organisation | None, version: ProcedureVersion | None = None) -> WorkingCalendar:
    """The working days for this organisation, plus the version's own exclusions.

    Closure days count only when the organisation has chosen so (the Code does not say they may: docs/rules.md), and
    never for a statutory procedure, whose regulations define its working days (docs/rules-deadlines.md).
    """
    nation = organisation.nation if organisation else "ENG"
    closure_days: dict[date, str] = {}
    statutory = version is not None and version.procedure.is_statutory
    # An unsaved default organisation (none set up yet) has no closure days to read.
    if organisation is not None and organisation.pk is not None and organisation.exclude_closure_days and not statutory:
        closure_days = once_per_request(
            ("closure_days", organisation.pk),
            lambda: {closure.date: closure.name for closure in organisation.closure_days.all()},
        )
    return WorkingCalendar(
        nation=nation,
        closure_days=closure_days,
        excludes_boxing_day=version.excludes_boxing_day if version else False,
    )


def due_soon_limit(today: date, calendar: WorkingCalendar | None = None, working_days: int | None = None) -> date:
    """The last due date that counts as 'due soon': `working_days` working days after `today` on `calendar`.

    Unless given, the organisation's calendar and PUTRIGHT_DUE_SOON_WORKING_DAYS (the queues' amber, the staff alerts
    and the digest); the ombudsman's warnings give PUTRIGHT_OMBUDSMAN_DUE_SOON_WORKING_DAYS.
    """
    if calendar is None:
        calendar = calendar_for(current_organisation())
    days = settings.PUTRIGHT_DUE_SOON_WORKING_DAYS if working_days is None else working_days
    return calendar.add_working_days(today, days)[0]


def active_procedures() -> QuerySet[Procedure]:
    """Procedures a new case may be put under."""
    return Procedure.objects.filter(is_active=True).order_by("name")


def procedures_used_by(services: QuerySet[ServiceArea]) -> QuerySet[Procedure]:
    """Procedures a case about one of `services` may be under: every procedure but those only services outside them
    start their cases under (`ServiceArea.default_procedure_slug`), so a reader offered the services they may see
    is not offered the statutory social care procedures of the restricted services they may not."""
    others = ServiceArea.objects.exclude(pk__in=services.values("pk")).exclude(default_procedure_slug="")
    theirs_only = others.exclude(default_procedure_slug__in=services.values("default_procedure_slug"))
    return Procedure.objects.exclude(slug__in=theirs_only.values("default_procedure_slug"))


def preset_of(procedure: Procedure) -> str:
    """The slug of the preset this procedure is, or was copied (through any number of copies) from; "" if none."""
    seen: set[int] = set()
    current: Procedure | None = procedure
    while current is not None and current.pk not in seen:
        if current.is_preset:
            return current.slug
        seen.add(current.pk)
        current = current.based_on
    return ""


def is_code_procedure(procedure: Procedure) -> bool:
    """Whether this is the Complaint Handling Code preset or a copy (of a copy ...) of it."""
    return preset_of(procedure) == CODE_PRESET_SLUG


def is_adult_social_care(procedure: Procedure) -> bool:
    """Whether this is the statutory adult social care procedure (SI 2009/309), or a copy of it."""
    return preset_of(procedure) == ADULT_SOCIAL_CARE_SLUG


def is_statutory_social_care(procedure: Procedure) -> bool:
    """Whether this is one of the statutory adult or children's social care procedures, or a copy of one."""
    return preset_of(procedure) in STATUTORY_SOCIAL_CARE_SLUGS


def stage_rule(version: ProcedureVersion, number: int) -> StageRule:
    """The version's rule for stage `number`, from its prefetched stages when they are loaded (current_version
    loads them). Raises StageRule.DoesNotExist when the version has no such stage."""
    for rule in version.stages.all():
        if rule.number == number:
            return rule
    raise StageRule.DoesNotExist(f"{version} has no stage {number}.")


# The model procedure each nation's public services ombudsman publishes; England's councils and landlords follow the
# Complaint Handling Code (docs/rules.md, "Which procedure a new case starts under").
NATION_PRESET_SLUGS = {"ENG": CODE_PRESET_SLUG, "WLS": "psow", "SCT": "spso", "NIR": "nipso"}


def nation_preset_slug(nation: str) -> str:
    """The slug of the model complaint procedure of the organisation's nation."""
    return NATION_PRESET_SLUGS.get(nation, CODE_PRESET_SLUG)


def default_procedure(service: ServiceArea, nation: str) -> Procedure | None:
    """The procedure a new case about `service` starts under unless the officer picks another.

    The service's own default (for example a statutory social care procedure) if it names an active procedure,
    else the model procedure of the organisation's nation. None when neither is set up.
    """
    for slug in (service.default_procedure_slug, nation_preset_slug(nation)):
        if slug and (found := active_procedure(slug)) is not None:
            return found
    return None


def active_procedure(slug: str) -> Procedure | None:
    """The procedure with this slug, if it is available for new cases."""
    return Procedure.objects.filter(slug=slug, is_active=True).first()


def active_procedure_ids(slugs: Iterable[str]) -> dict[str, int]:
    """{slug: id} of those of these procedures available for new cases."""
    return dict(Procedure.objects.filter(slug__in=list(slugs), is_active=True).values_list("slug", "pk"))


def default_procedures(services: Iterable[ServiceArea], nation: str) -> dict[int, int]:
    """{service id: default procedure id} for the services given (the log and triage forms fill it in)."""
    slugs = {slug for slug in (*(s.default_procedure_slug for s in services), *NATION_PRESET_SLUGS.values()) if slug}
    by_slug = dict(Procedure.objects.filter(slug__in=slugs, is_active=True).values_list("slug", "pk"))
    fallback = by_slug.get(nation_preset_slug(nation))
    defaults: dict[int, int] = {}
    for service in services:
        chosen = by_slug.get(service.default_procedure_slug) or fallback
        if chosen is not None:
            defaults[service.pk] = chosen
    return defaults
