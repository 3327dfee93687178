"""The council's services in the words residents use, mapped to the ServiceArea rows staff work with.

A plain-words choice is offered only when one of its slugs names an active, public service. Active services
this table does not know are offered under their own name, so an administrator's new service is never lost.
"Something else, or not sure" goes to the customer services team for triage.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putright.core.prepared import PreparedRead
from putright.organisation.models import ServiceArea
from putright.organisation.selectors import active_services

NOT_SURE = "not-sure"
# Where "Something else, or not sure" goes, in order of preference (the complaints team triages it again).
FALLBACK_SLUGS = ("customer-services", "corporate", "complaints")


@dataclass(frozen=True)
class Topic:
    key: str
    label: str | Promise
    hint: str | Promise
    slugs: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "bins",
        _("Bins, recycling or street cleaning"),
        _("For example, bins missed more than once, or litter and fly-tipping not cleared"),
        ("waste-recycling", "waste"),
    ),
    Topic(
        "repairs",
        _("Repairs to a council home"),
        _("For example, a repair not done, done badly or damp and mould"),
        ("housing-repairs",),
    ),
    Topic(
        "tenancy",
        _("Your council tenancy, neighbours or estate"),
        _("For example, rent, antisocial behaviour or how the estate is looked after"),
        ("housing-management",),
    ),
    Topic(
        "council-tax",
        _("Council tax or benefits"),
        _("For example, a bill, a discount or a housing benefit decision"),
        ("council-tax-benefits",),
    ),
    Topic(
        "planning", _("Planning or building control"), _("For example, how an application was handled"), ("planning",)
    ),
    Topic(
        "environment",
        _("Noise, pests, food safety or pollution"),
        _("The environmental health service"),
        ("environmental-health",),
    ),
    Topic("parking", _("Parking, permits or parking fines"), "", ("parking",)),
    Topic(
        "adult-care",
        _("Care and support for an adult"),
        _("Adult social care, including care at home and care homes"),
        ("adult-social-care",),
    ),
    Topic(
        "children",
        _("Help and support for children and families"),
        _("Children's social care"),
        ("childrens-social-care",),
    ),
)


@dataclass(frozen=True)
class Choice:
    key: str
    label: str | Promise
    hint: str | Promise
    service: ServiceArea


# Read on every public form page sent (prepared: core/prepared.py).
_active = PreparedRead(active_services)


def fallback_service(services: list[ServiceArea]) -> ServiceArea | None:
    """The service that receives "not sure": customer services if there is one, else any unrestricted one."""
    by_slug = {service.slug: service for service in services}
    for slug in FALLBACK_SLUGS:
        if slug in by_slug:
            return by_slug[slug]
    # Never send an unclassified contact to a restricted (social care) service: its cases are hidden.
    return next((service for service in services if not service.is_restricted), None)


def service_choices() -> list[Choice]:
    """Plain-words choices for the public forms, each resolved to one active service."""
    services = _active()
    by_slug = {service.slug: service for service in services}
    choices: list[Choice] = []
    mapped: set[int] = set()
    for topic in TOPICS:
        service = next((by_slug[slug] for slug in topic.slugs if slug in by_slug), None)
        if service is not None:
            choices.append(Choice(topic.key, topic.label, topic.hint, service))
            mapped.add(service.pk)
    fallback = fallback_service(services)
    for service in services:
        if service.pk not in mapped and service != fallback:
            choices.append(Choice(service.slug, service.name, "", service))
    if fallback is not None:
        choices.append(Choice(NOT_SURE, _("Something else, or I am not sure"), _("We will pass it on"), fallback))
    return choices


def choice_for(key: str) -> Choice | None:
    return next((choice for choice in service_choices() if choice.key == key), None)
