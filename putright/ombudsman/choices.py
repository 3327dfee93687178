"""What each ombudsman can decide, in its own words (docs/rules.md), and the kinds of remedy it sets.

Stored values are lowercase; labels are translatable. One `Decision` list holds every ombudsman's words;
`VOCABULARY` says which of them each ombudsman uses, and a referral may only carry its own ombudsman's.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.procedures.choices import Ombudsman


class Decision(models.TextChoices):
    # LGSCO (docs/rules.md): "upheld" and "not upheld" follow a detailed investigation.
    UPHELD = "upheld", _("Upheld")
    UPHELD_REMEDIED_LOCALLY = (
        "upheld_remedied_locally",
        _("Upheld: satisfactorily remedied by the council before the ombudsman got involved"),
    )
    NOT_UPHELD = "not_upheld", _("Not upheld")
    CLOSED_AFTER_INITIAL_ENQUIRIES = "closed_after_initial_enquiries", _("Closed after initial enquiries")
    ADVICE_GIVEN = "advice_given", _("Advice given")
    REFERRED_BACK = "referred_back", _("Referred back for local resolution")
    INCOMPLETE_OR_INVALID = "incomplete_or_invalid", _("Incomplete or invalid")
    # Housing Ombudsman determinations (docs/rules.md).
    NO_MALADMINISTRATION = "no_maladministration", _("No maladministration")
    SERVICE_FAILURE = "service_failure", _("Service failure")
    MALADMINISTRATION = "maladministration", _("Maladministration")
    SEVERE_MALADMINISTRATION = "severe_maladministration", _("Severe maladministration")
    REASONABLE_REDRESS = "reasonable_redress", _("Reasonable redress")
    EARLY_RESOLUTION = "early_resolution", _("Early resolution")
    OUTSIDE_JURISDICTION = "outside_jurisdiction", _("Outside jurisdiction")
    # SPSO, NIPSO and PSOW: the common words of their published statistics; check against each ombudsman's own.
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    SETTLED = "settled", _("Settled or resolved without investigation")
    NOT_INVESTIGATED = "not_investigated", _("Not investigated")


D = Decision
_DEVOLVED = (D.UPHELD, D.PARTLY_UPHELD, D.NOT_UPHELD, D.SETTLED, D.NOT_INVESTIGATED)

VOCABULARY: dict[str, tuple[Decision, ...]] = {
    Ombudsman.LGSCO: (
        D.UPHELD,
        D.UPHELD_REMEDIED_LOCALLY,
        D.NOT_UPHELD,
        D.CLOSED_AFTER_INITIAL_ENQUIRIES,
        D.ADVICE_GIVEN,
        D.REFERRED_BACK,
        D.INCOMPLETE_OR_INVALID,
    ),
    Ombudsman.HOUSING: (
        D.NO_MALADMINISTRATION,
        D.SERVICE_FAILURE,
        D.MALADMINISTRATION,
        D.SEVERE_MALADMINISTRATION,
        D.REASONABLE_REDRESS,
        D.EARLY_RESOLUTION,
        D.OUTSIDE_JURISDICTION,
    ),
    Ombudsman.SPSO: _DEVOLVED,
    Ombudsman.NIPSO: _DEVOLVED,
    Ombudsman.PSOW: _DEVOLVED,
}

# Decisions after a detailed investigation or determination: the denominator of the uphold rate (LGSCO's
# "uphold rate = % of detailed investigations", docs/rules.md).
INVESTIGATED = frozenset(
    {
        D.UPHELD,
        D.UPHELD_REMEDIED_LOCALLY,
        D.NOT_UPHELD,
        D.PARTLY_UPHELD,
        D.NO_MALADMINISTRATION,
        D.SERVICE_FAILURE,
        D.MALADMINISTRATION,
        D.SEVERE_MALADMINISTRATION,
        D.REASONABLE_REDRESS,
    }
)
# Upheld, or the organisation found at fault. Housing Ombudsman "reasonable redress" means the landlord had
# already put things right, so it is not counted as at fault.
AT_FAULT = frozenset(
    {
        D.UPHELD,
        D.UPHELD_REMEDIED_LOCALLY,
        D.PARTLY_UPHELD,
        D.SERVICE_FAILURE,
        D.MALADMINISTRATION,
        D.SEVERE_MALADMINISTRATION,
    }
)

# Ombudsmen a referral can go to (not "none").
REFERRABLE = [(value, label) for value, label in Ombudsman.choices if value != Ombudsman.NONE]


def decisions_for(ombudsman: str) -> tuple[Decision, ...]:
    return VOCABULARY.get(ombudsman, ())


class RemedyKind(models.TextChoices):
    """The Housing Ombudsman makes orders and recommendations; the others recommend (docs/rules.md)."""

    ORDER = "order", _("Order")
    RECOMMENDATION = "recommendation", _("Recommendation")
    AGREED_ACTION = "agreed_action", _("Agreed action")
