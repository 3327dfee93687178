"""Who viewed which personal data, append-only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    """A member of staff opened a record holding personal data (a case page, a customer's details)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(_("what"), max_length=40)
    object_reference = models.CharField(_("which"), max_length=40)
    action = models.CharField(_("action"), max_length=20)
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["object_type", "object_reference"], name="access_log_object_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.object_type} {self.object_reference}"
