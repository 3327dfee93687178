"""The procedure a new case starts under when nobody picks one ("The service's usual procedure"): one rule for the
staff log and triage forms, the API (through the triage form), the public and councillor pages, and imports (which
keep their own rule for a complaint: the service's default, or a problem reported).

A complaint starts under its service's own procedure, else the nation's model procedure (docs/rules.md, "Triage").
An enquiry or a service request is not a complaint (Complaint Handling Code 1.2 to 1.4), whatever procedure the
service handles complaints under: each starts under the procedure for its kind.
"""

from __future__ import annotations

from collections.abc import Sequence

from putright.cases.choices import KINDS_WITHOUT_PROCEDURE, CaseKind
from putright.organisation.models import ServiceArea
from putright.procedures.models import Procedure
from putright.procedures.selectors import (
    MEMBER_ENQUIRY_SLUG,
    SERVICE_REQUEST_SLUG,
    active_procedure,
    active_procedure_ids,
    default_procedures,
    nation_preset_slug,
)

# The procedure for each kind that is not handled as a complaint and still has a clock.
KIND_PROCEDURE_SLUGS: dict[str, str] = {
    CaseKind.ENQUIRY: MEMBER_ENQUIRY_SLUG,
    CaseKind.SERVICE_REQUEST: SERVICE_REQUEST_SLUG,
}


def usual_procedure_slugs(*, kind: str, service: ServiceArea, nation: str) -> tuple[str, ...]:
    """The procedures a new case of this kind about `service` may start under unless someone picks one, by slug, in
    order: it starts under the first available for new cases. None for a comment or compliment."""
    if kind in KINDS_WITHOUT_PROCEDURE:
        return ()
    if slug := KIND_PROCEDURE_SLUGS.get(kind):
        return (slug,)
    return tuple(slug for slug in (service.default_procedure_slug, nation_preset_slug(nation)) if slug)


def usual_procedure(*, kind: str, service: ServiceArea, nation: str) -> Procedure | None:
    """The procedure a new case of this kind about `service` starts under; None for a comment or compliment, or
    when none of `usual_procedure_slugs` is available for new cases (the officer then picks one)."""
    for slug in usual_procedure_slugs(kind=kind, service=service, nation=nation):
        if (found := active_procedure(slug)) is not None:
            return found
    return None


def usual_procedures(services: Sequence[ServiceArea], nation: str) -> dict[str, dict[int, int]]:
    """{kind: {service id: procedure id}}: `usual_procedure` for every kind with a procedure and every service
    given, for the log and triage pages to fill the procedure in as the officer chooses."""
    others = active_procedure_ids(KIND_PROCEDURE_SLUGS.values())
    found: dict[str, dict[int, int]] = {CaseKind.COMPLAINT: default_procedures(services, nation)}
    for kind, slug in KIND_PROCEDURE_SLUGS.items():
        if slug in others:
            found[kind] = {service.pk: others[slug] for service in services}
    return found
