"""Learning from complaints: changes the council commits to after finding fault (Code 9.1-9.3, 8.1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Case
from putright.learning.choices import OPEN_ACTION_STATUSES, ActionStatus
from putright.organisation.models import ServiceArea

USER = settings.AUTH_USER_MODEL


class LearningAction(models.Model):
    """A service improvement owed to one or more upheld complaints, tracked to completion with evidence.

    `finding` is what went wrong in the customers' words ("you said"); `improvement` is what the council changed
    ("we did"). Published done actions appear in the "you said, we did" list for the annual report.
    """

    title = models.CharField(_("what will change"), max_length=200)
    finding = models.TextField(_("what went wrong (you said)"))
    improvement = models.TextField(_("what we changed (we did)"), blank=True)
    cases = models.ManyToManyField(Case, related_name="learning_actions", verbose_name=_("cases"))
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, null=True, blank=True, related_name="learning_actions"
    )
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="owned_learning_actions")
    due_date = models.DateField(_("due by"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    evidence = models.TextField(_("evidence it is done"), blank=True)
    completed_date = models.DateField(_("completed"), null=True, blank=True)
    is_published = models.BooleanField(_("show in 'you said, we did'"), default=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("learning action")
        indexes = [models.Index(fields=["status", "due_date"], name="learning_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DONE) | (Q(completed_date__isnull=False) & ~Q(evidence="")),
                name="learning_done_with_date_and_evidence",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES
