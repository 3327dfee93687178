"""What the public side keeps of its own: the receipt that makes a form submission happen once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Case


class SubmissionReceipt(models.Model):
    """A public form submission that has already become a case.

    The token is issued with the "Check your answers" page and sent back with the form; its unique
    constraint is what turns a double click, a resubmitted POST or two racing requests into one case.
    """

    token = models.CharField(_("submission token"), max_length=64, unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("submission receipt")

    def __str__(self) -> str:
        return f"{self.token[:8]}… → {self.case_id}"
