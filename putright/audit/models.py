"""Who viewed which personal data, append-only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    """A member of staff opened a record holding personal data (a case page, a customer's details), or another
    system called the API with its key (`api_key` instead of `user`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    api_key = models.ForeignKey("api.APIKey", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    object_type = models.CharField(_("what"), max_length=40)
    object_reference = models.CharField(_("which"), max_length=200)
    action = models.CharField(_("action"), max_length=20)
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["object_type", "object_reference"], name="access_log_object_idx")]

    def __str__(self) -> str:
        who = self.user_id if self.user_id else f"key {self.api_key_id}"
        return f"{who} {self.action} {self.object_type} {self.object_reference}"
