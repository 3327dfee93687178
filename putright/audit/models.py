"""Who viewed which personal data, and who was refused, append-only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    """A member of staff opened (or was refused) a record holding personal data: a case, a contact, a customer's
    file, a queue, a search or a report; or another system called the API with its key (`api_key` instead of `user`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    api_key = models.ForeignKey("api.APIKey", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    object_type = models.CharField(_("what"), max_length=40)
    object_reference = models.CharField(_("which"), max_length=200)
    action = models.CharField(_("action"), max_length=20)
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True)
    # Whose personal data it was, where one person's (a case or contact): "who looked at this person".
    customer = models.ForeignKey("people.Customer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ip_address = models.CharField(_("from"), max_length=64, blank=True)
    allowed = models.BooleanField(_("allowed"), default=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_reference"], name="access_log_object_idx"),
            models.Index(fields=["user", "-occurred_at"], name="access_log_user_idx"),
            models.Index(fields=["customer", "-occurred_at"], name="access_log_customer_idx"),
            models.Index(fields=["-occurred_at"], name="access_log_when_idx"),
        ]

    def __str__(self) -> str:
        who = self.user_id if self.user_id else f"key {self.api_key_id}"
        verdict = "" if self.allowed else " (refused)"
        return f"{who} {self.action} {self.object_type} {self.object_reference}{verdict}"
