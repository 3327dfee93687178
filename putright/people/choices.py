from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    TEXT = "text", _("Text message")
