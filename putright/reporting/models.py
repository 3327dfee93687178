"""How the published figures treat the points shared/DOMAIN.md marks UNCONFIRMED."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.organisation.models import Organisation


class ReportSettings(models.Model):
    """The organisation's choices for its complaint figures (at most one row).

    Each field is a point the regulators' texts leave open; the default is documented on the field and shown
    on the TSM page, so a committee can see what the figures assume.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="report_settings", verbose_name=_("organisation")
    )
    extensions_count_as_within_timescale = models.BooleanField(
        _("responses within an agreed extension count as within timescale"),
        default=True,
        help_text=_(
            "On (the default): a stage answered by its extended response date counts as on time in the headline "
            "figures and TSM CH02, as the Code allows extensions (HO Code 6.4). Whether the Regulator counts them "
            "for CH02 is UNCONFIRMED (DOMAIN.md §3), so the figure within the original timescale is always shown too."
        ),
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return f"Report settings for {self.organisation}"
