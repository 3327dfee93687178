"""What the public side keeps of its own: submission receipts, sign-in links, customers' requests, evidence and
survey answers."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from putright.cases.models import Case, CustomerRequest
from putright.core.scanning import ScanStatus


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


class SignInLink(models.Model):
    """A single-use link emailed to a customer so they can see their cases without a password.

    Only a SHA-256 hash of the token is kept: a copy of the database does not let anyone sign in. The link works
    once (`used_at`), and only until `expires_at`. A row is written for every request, including for addresses
    that have no cases (whose link is never sent), so both answers take the same path.
    """

    email = models.EmailField(_("email"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    was_sent = models.BooleanField(_("sent"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-in link")
        indexes = [models.Index(fields=["expires_at"], name="sign_in_link_expiry_idx")]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M}"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    # A random name, never the customer's: it cannot be guessed, and it cannot clash or climb out of the folder.
    return f"evidence/{instance.created_at:%Y/%m}/{instance.token.hex}{instance.extension}"


class EvidenceFile(models.Model):
    """A file a customer sent with a complaint or with more information: a photo, a letter, a document.

    Files sent on the complaint form are kept against the form's submission token until it is sent, then joined
    to the case. The stored name is random; `original_name` is shown to staff and the customer only.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence_files")
    submission_token = models.CharField(_("form it was sent with"), max_length=64, blank=True, db_index=True)
    request = models.ForeignKey(
        CustomerRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence_files"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    extension = models.CharField(_("extension"), max_length=10)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    # Until the form is sent: when its session last saved an answer (the session lives that long after it).
    form_last_used_at = models.DateTimeField(_("form last used"), default=timezone.now)
    # The malware scan (core/scanning.py): only a clean file, or one kept while scanning is switched off, is served.
    scan_status = models.CharField(
        _("virus scan"),
        max_length=12,
        choices=[
            ("clean", _("clean")),
            ("infected", _("contains a virus")),
            ("pending", _("not yet scanned")),
            ("not_scanned", _("not scanned (scanning switched off)")),
        ],
        default="pending",
        db_index=True,
    )
    scan_detail = models.CharField(_("scan result"), max_length=200, blank=True)
    scanned_at = models.DateTimeField(_("scanned"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence file")

    def __str__(self) -> str:
        return self.original_name

    @property
    def may_be_opened(self) -> bool:
        return ScanStatus(self.scan_status).may_be_opened


class SatisfactionResponse(models.Model):
    """A customer's answer to the short survey once their case has closed: one answer per case."""

    class Rating(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", _("Very satisfied")
        SATISFIED = "satisfied", _("Satisfied")
        NEITHER = "neither", _("Neither satisfied nor dissatisfied")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")
        VERY_DISSATISFIED = "very_dissatisfied", _("Very dissatisfied")

    class Answer(models.TextChoices):
        # "Did we keep you informed?": Welsh answers that question with "Do" or "Naddo", so the words have a context.
        YES = "yes", pgettext_lazy("did we", "Yes")
        PARTLY = "partly", pgettext_lazy("did we", "Partly")
        NO = "no", pgettext_lazy("did we", "No")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="satisfaction_response")
    handling_rating = models.CharField(_("how satisfied with the handling"), max_length=20, choices=Rating.choices)
    kept_informed = models.CharField(_("kept informed"), max_length=10, choices=Answer.choices)
    comments = models.TextField(_("comments"), blank=True)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("satisfaction response")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.handling_rating}"
