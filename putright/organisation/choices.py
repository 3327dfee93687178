from django.db import models
from django.utils.translation import gettext_lazy as _


class Nation(models.TextChoices):
    """The UK nation whose bank holidays apply (the `holidays` package's GB subdivision)."""

    ENGLAND = "ENG", _("England")
    WALES = "WLS", _("Wales")
    SCOTLAND = "SCT", _("Scotland")
    NORTHERN_IRELAND = "NIR", _("Northern Ireland")


class Role(models.TextChoices):
    COMPLAINTS_OFFICER = "complaints_officer", _("Complaints officer")
    INVESTIGATING_OFFICER = "investigating_officer", _("Investigating officer / team leader")
    HEAD_OF_SERVICE = "head_of_service", _("Stage 2 reviewer / head of service")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")
    COUNCILLOR = "councillor", _("Councillor or MP office")
    # The governing body's Member Responsible for Complaints (Code 9.5): reads the reports, never a case.
    MEMBER_RESPONSIBLE = "member_responsible", _("Member Responsible for Complaints")


STAFF_ROLES = frozenset(
    {
        Role.COMPLAINTS_OFFICER,
        Role.INVESTIGATING_OFFICER,
        Role.HEAD_OF_SERVICE,
        Role.MANAGER,
        Role.ADMINISTRATOR,
    }
)
# Roles that see the whole queue, not only their own and their team's cases.
WHOLE_QUEUE_ROLES = frozenset({Role.COMPLAINTS_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
# Managers and administrators: the Code self-assessment and the statutory reports' commentary.
MANAGER_ROLES = frozenset({Role.MANAGER, Role.ADMINISTRATOR})
