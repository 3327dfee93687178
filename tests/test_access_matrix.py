"""Every page, for every persona, with a restricted and an unrestricted case: the status each gets, in one table.

In the style of netbox's permission test mixins: `MATRIX` below has a row for every URL pattern in the project
(read from `putright.urls`); a pattern without a row fails `test_every_url_pattern_has_a_row`, so a new page must
say who may open it. Each row gives the expected status of a GET for each persona, in the order of `PERSONAS`:

    "cases:detail": {
        "open": "302 302 302 404 200 200 200 200 200 200 200 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 200 200",
    },

A row whose URL names a case has two lines, "open" (the unrestricted case) and "restricted" (the social care case);
a row for a page without one has a single line under "-". The admin site counts as the rows under ADMIN_ROWS (its own
pages are Django's, not listed one by one). One database is built once for the whole table (setUpTestData).
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from putright.cases.choices import CaseKind, Channel, RemedyType
from putright.cases.lifecycle import CaseDetails
from putright.cases.models import Case, Contribution, CustomerRequest, Remedy
from putright.cases.services import CustomerDetails, log_case
from putright.learning.models import LearningAction
from putright.notifications.models import OutboundMessage
from putright.ombudsman.models import OmbudsmanReferral, OmbudsmanRemedy
from putright.organisation.choices import Role
from putright.organisation.models import Organisation, ServiceArea, Team, User
from putright.portal.models import EvidenceFile
from putright.portal.services.signin import sign_in
from putright.procedures.selectors import current_version

PERSONAS = (
    "anonymous",
    "customer",  # Ann: both cases are hers
    "other_customer",  # Bob: signed in, no cases
    "councillor",
    "complaints_officer",
    "officer",  # housing repairs team leader, lead officer on the open case
    "other_officer",  # waste team leader: reads the open case, acts on neither
    "head_of_service",
    "manager",
    "administrator",  # superuser, no access to restricted cases
    "care_officer",  # adult social care team: the restricted case's service
    "statutory_manager",  # a manager who may see all restricted cases, and reads the access log
)

# The statuses, persona by persona (see PERSONAS). 302 for the anonymous is "go and sign in"; 403 is "you may read
# this case but not act on it"; 404 is "not found, or not yours". Rows of 404 for everyone (self-assessment row,
# governing body response) are pages for a year with no assessment yet.
#     anon cust othr cllr comp offi othr head mgr  admn care stat
MATRIX: dict[str, dict[str, str]] = {
    "login": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "logout": {"-": "405 405 405 405 405 405 405 405 405 405 405 405"},
    # Single sign-on is off unless an identity provider is configured (putright/portal/tests/test_sso.py).
    "sso_start": {"-": "404 404 404 404 404 404 404 404 404 404 404 404"},
    "sso_callback": {"-": "404 404 404 404 404 404 404 404 404 404 404 404"},
    # Signed in with both steps already: the code page sends them on (putright/portal/tests/test_two_factor.py).
    "two_factor_verify": {"-": "302 302 302 302 302 302 302 302 302 302 302 302"},
    "two_factor_setup": {"-": "302 302 302 200 200 200 200 200 200 200 200 200"},
    "two_factor_recovery_codes": {"-": "302 302 302 200 200 200 200 200 200 200 200 200"},
    "password_change": {"-": "302 302 302 200 200 200 200 200 200 200 200 200"},
    "password_change_done": {"-": "302 302 302 200 200 200 200 200 200 200 200 200"},
    "password_reset": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "password_reset_done": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "password_reset_confirm": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "password_reset_complete": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "cases:home": {"-": "302 302 302 302 302 302 302 302 302 302 302 302"},
    "cases:my_cases": {"-": "302 302 302 404 200 200 200 200 200 200 200 200"},
    "cases:team_cases": {"-": "302 302 302 404 200 200 200 200 200 200 200 200"},
    "cases:all_cases": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "cases:search": {"-": "302 302 302 404 200 200 200 200 200 200 200 200"},
    "cases:log": {"-": "302 302 302 404 200 200 200 200 200 200 200 200"},
    "cases:contacts": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "cases:triage": {
        "open": "302 302 302 404 200 404 404 404 200 200 404 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 404 200",
    },
    "cases:detail": {
        "open": "302 302 302 404 200 200 200 200 200 200 200 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 200 200",
    },
    "cases:contribution": {
        "open": "302 302 302 404 200 200 200 403 200 403 403 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 200 200",
    },
    "cases:today": {"-": "302 302 302 404 200 200 200 200 200 200 200 200"},
    "cases:customer_requests": {"-": "302 302 302 404 200 200 200 200 200 200 200 200"},
    "cases:my_contributions": {"-": "302 302 302 404 200 200 200 200 200 200 200 200"},
    "cases:outstanding_remedies": {"-": "302 302 302 404 200 200 200 200 200 200 200 200"},
    "cases:customer_request_done": {
        "open": "302 302 302 404 200 200 403 403 200 403 403 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 200 200",
    },
    "cases:remedy_done": {
        "open": "302 302 302 404 200 200 403 403 200 403 403 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 200 200",
    },
    "api:schema": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "api:docs": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "api:redoc": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "api:services": {"-": "401 401 401 401 401 401 401 401 401 401 401 401"},
    "api:categories": {"-": "401 401 401 401 401 401 401 401 401 401 401 401"},
    "api:procedures": {"-": "401 401 401 401 401 401 401 401 401 401 401 401"},
    "api:contacts": {"-": "401 401 401 401 401 401 401 401 401 401 401 401"},
    "api:case-list": {"-": "401 401 401 401 401 401 401 401 401 401 401 401"},
    "open311:services": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "open311:service": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "open311:requests": {"-": "403 403 403 403 403 403 403 403 403 403 403 403"},
    "open311:request": {"-": "403 403 403 403 403 403 403 403 403 403 403 403"},
    "notifications:notify_receipts": {"-": "405 405 405 405 405 405 405 405 405 405 405 405"},
    "notifications:notify_texts": {"-": "405 405 405 405 405 405 405 405 405 405 405 405"},
    "api:case-detail": {
        "open": "401 401 401 401 401 401 401 401 401 401 401 401",
        "restricted": "401 401 401 401 401 401 401 401 401 401 401 401",
    },
    "api:case-ombudsman-referrals": {
        "open": "401 401 401 401 401 401 401 401 401 401 401 401",
        "restricted": "401 401 401 401 401 401 401 401 401 401 401 401",
    },
    "api:case-remedies": {
        "open": "401 401 401 401 401 401 401 401 401 401 401 401",
        "restricted": "401 401 401 401 401 401 401 401 401 401 401 401",
    },
    "api:case-responses": {
        "open": "401 401 401 401 401 401 401 401 401 401 401 401",
        "restricted": "401 401 401 401 401 401 401 401 401 401 401 401",
    },
    "api:case-stages": {
        "open": "401 401 401 401 401 401 401 401 401 401 401 401",
        "restricted": "401 401 401 401 401 401 401 401 401 401 401 401",
    },
    "api:case-timeline": {
        "open": "401 401 401 401 401 401 401 401 401 401 401 401",
        "restricted": "401 401 401 401 401 401 401 401 401 401 401 401",
    },
    "imports:start": {"-": "302 302 302 404 404 404 404 404 404 200 404 404"},
    "reporting:publish_annual": {"-": "302 302 302 404 404 404 404 404 405 405 404 405"},
    "publications:list": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "publications:annual": {"-": "404 404 404 404 404 404 404 404 404 404 404 404"},
    "publications:annual_pdf": {"-": "404 404 404 404 404 404 404 404 404 404 404 404"},
    "publications:you_said_we_did": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "audit:access_log": {"-": "302 302 302 404 404 404 404 404 404 404 404 200"},
    "audit:access_log_csv": {"-": "302 302 302 404 404 404 404 404 404 404 404 200"},
    "records:home": {"-": "302 302 302 404 404 404 404 404 404 404 404 200"},
    "records:lift_hold": {"-": "302 302 302 404 404 404 404 404 404 404 404 405"},
    "records:requests": {"-": "302 302 302 404 404 404 404 404 404 404 404 200"},
    "records:request": {"-": "302 302 302 404 404 404 404 404 404 404 404 404"},
    "records:subject_access": {"-": "302 302 302 404 404 404 404 404 404 404 404 404"},
    "imports:run": {"-": "302 302 302 404 404 404 404 404 404 404 404 404"},
    "imports:confirm": {"-": "302 302 302 404 404 404 404 404 404 405 404 404"},
    "imports:rejects": {"-": "302 302 302 404 404 404 404 404 404 404 404 404"},
    "cases:action": {
        "open": "302 302 302 404 200 200 403 403 200 403 403 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 200 200",
    },
    "portal:start": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "portal:set_language": {"-": "302 302 302 302 302 302 302 302 302 302 302 302"},
    "portal:signed_in": {"-": "302 302 302 302 302 302 302 302 302 302 302 302"},
    "portal:councillor_home": {"-": "302 302 302 200 404 404 404 404 404 404 404 404"},
    "portal:councillor_raise": {"-": "302 302 302 200 404 404 404 404 404 404 404 404"},
    "portal:councillor_ward": {"-": "302 302 302 200 404 404 404 404 404 404 404 404"},
    "portal:councillor_case": {
        "open": "302 302 302 404 404 404 404 404 404 404 404 404",
        "restricted": "302 302 302 404 404 404 404 404 404 404 404 404",
    },
    "portal:journey": {"-": "302 302 302 302 302 302 302 302 302 302 302 302"},
    "portal:check": {"-": "302 302 302 302 302 302 302 302 302 302 302 302"},
    "portal:sent": {"-": "302 302 302 302 302 302 302 302 302 302 302 302"},
    "portal:remove_evidence": {"-": "405 405 405 405 405 405 405 405 405 405 405 405"},
    "portal:step": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "portal:your_cases": {"-": "302 200 200 302 302 302 302 302 302 302 302 302"},
    "portal:sign_in": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "portal:sign_in_sent": {"-": "200 200 200 200 200 200 200 200 200 200 200 200"},
    "portal:sign_in_link": {"-": "410 410 410 410 410 410 410 410 410 410 410 410"},
    "portal:sign_out": {"-": "405 405 405 405 405 405 405 405 405 405 405 405"},
    "portal:customer_case": {
        "open": "302 200 404 302 302 302 302 302 302 302 302 302",
        "restricted": "302 200 404 302 302 302 302 302 302 302 302 302",
    },
    "portal:add_information": {
        "open": "302 200 404 302 302 302 302 302 302 302 302 302",
        "restricted": "302 200 404 302 302 302 302 302 302 302 302 302",
    },
    "portal:callback": {
        "open": "302 200 404 302 302 302 302 302 302 302 302 302",
        "restricted": "302 200 404 302 302 302 302 302 302 302 302 302",
    },
    "portal:escalate": {
        "open": "302 200 404 302 302 302 302 302 302 302 302 302",
        "restricted": "302 200 404 302 302 302 302 302 302 302 302 302",
    },
    "portal:withdraw": {
        "open": "302 200 404 302 302 302 302 302 302 302 302 302",
        "restricted": "302 200 404 302 302 302 302 302 302 302 302 302",
    },
    "portal:survey": {
        "open": "302 302 404 302 302 302 302 302 302 302 302 302",
        "restricted": "302 302 404 302 302 302 302 302 302 302 302 302",
    },
    "portal:customer_letter": {
        "open": "302 200 404 302 302 302 302 302 302 302 302 302",
        "restricted": "302 200 404 302 302 302 302 302 302 302 302 302",
    },
    "portal:customer_evidence": {
        "open": "302 200 404 302 302 302 302 302 302 302 302 302",
        "restricted": "302 200 404 302 302 302 302 302 302 302 302 302",
    },
    "portal:staff_evidence": {
        "open": "302 302 302 404 200 200 200 200 200 200 200 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 200 200",
    },
    "reporting:dashboard": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:tsm": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:hazards": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:tsm_csv": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:tsm_stock": {"-": "302 302 302 404 404 404 404 404 200 200 404 200"},
    "reporting:committee_csv": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:committee": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:committee_pdf": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:committee_xlsx": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:annual": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:annual_print": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:annual_pdf": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:self_assessments": {"-": "302 302 302 404 404 404 404 404 200 200 404 200"},
    "reporting:self_assessment": {"-": "302 302 302 404 404 404 404 404 404 404 404 404"},
    "reporting:self_assessment_row": {"-": "302 302 302 404 404 404 404 404 404 404 404 404"},
    "reporting:governing_body_response": {"-": "302 302 302 404 404 404 404 404 404 404 404 404"},
    "reporting:quarterly_return": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:quarterly_return_csv": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:psow_return_csv": {"-": "302 302 302 404 404 404 404 404 200 200 404 200"},
    "reporting:return_dates": {"-": "302 302 302 404 404 404 404 404 200 200 404 200"},
    "reporting:root_causes": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:contact_volumes": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "reporting:contact_volumes_import": {"-": "302 302 302 404 302 404 404 404 302 302 404 302"},
    "reporting:statutory": {"-": "302 302 302 404 404 404 404 404 404 404 404 200"},
    "reporting:statutory_print": {"-": "302 302 302 404 404 404 404 404 404 404 404 200"},
    "reporting:statutory_pdf": {"-": "302 302 302 404 404 404 404 404 404 404 404 200"},
    "reporting:statutory_commentary": {"-": "302 302 302 404 404 404 404 404 404 404 404 200"},
    "ombudsman:list": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "ombudsman:case": {
        "open": "302 302 302 404 200 404 404 404 200 200 404 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 404 200",
    },
    "ombudsman:refer": {
        "open": "302 302 302 404 200 404 404 404 200 403 404 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 404 200",
    },
    "ombudsman:enquiry": {
        "open": "302 302 302 404 200 404 404 404 200 403 404 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 404 200",
    },
    "ombudsman:decision": {
        "open": "302 302 302 404 200 404 404 404 200 403 404 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 404 200",
    },
    "ombudsman:add_remedy": {
        "open": "302 302 302 404 200 404 404 404 200 403 404 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 404 200",
    },
    "ombudsman:complete_remedy": {
        "open": "302 302 302 404 200 404 404 404 200 403 404 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 404 200",
    },
    "learning:list": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "learning:new": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "learning:complete": {
        "open": "302 302 302 404 200 404 404 404 200 200 404 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 404 200",
    },
    "learning:you_said_we_did": {"-": "302 302 302 404 200 404 404 404 200 200 404 200"},
    "notifications:failed": {"-": "302 302 302 404 200 200 200 200 200 200 200 200"},
    "notifications:inbound": {"-": "405 405 405 405 405 405 405 405 405 405 405 405"},
    "notifications:retry": {
        "open": "302 302 302 404 405 405 405 405 405 405 405 405",
        "restricted": "302 302 302 404 405 405 405 405 405 405 405 405",
    },
    "notifications:letter": {
        "open": "302 302 302 404 200 200 200 200 200 200 200 200",
        "restricted": "302 302 302 404 404 404 404 404 404 404 200 200",
    },
}
# Django's admin site: the index and the case-linked models (restricted cases' rows are not found there).
ADMIN_ROWS: dict[str, dict[str, str]] = {
    "admin:index": {"-": "302 302 302 302 302 302 302 302 302 200 302 302"},
    "admin:otp_totp_totpdevice_changelist": {"-": "302 302 302 302 302 302 302 302 302 200 302 302"},
    "admin:notifications_outboundmessage_changelist": {"-": "302 302 302 302 302 302 302 302 302 200 302 302"},
    "admin:ombudsman_ombudsmanreferral_changelist": {"-": "302 302 302 302 302 302 302 302 302 200 302 302"},
    "admin:learning_learningaction_changelist": {"-": "302 302 302 302 302 302 302 302 302 200 302 302"},
    "admin:notifications_inboundemail_changelist": {"-": "302 302 302 302 302 302 302 302 302 200 302 302"},
    "admin:notifications_outboundmessage_change": {
        "open": "302 302 302 302 302 302 302 302 302 200 302 302",
        "restricted": "302 302 302 302 302 302 302 302 302 302 302 302",
    },
    "admin:ombudsman_ombudsmanreferral_change": {
        "open": "302 302 302 302 302 302 302 302 302 200 302 302",
        "restricted": "302 302 302 302 302 302 302 302 302 302 302 302",
    },
    "admin:learning_learningaction_change": {
        "open": "302 302 302 302 302 302 302 302 302 200 302 302",
        "restricted": "302 302 302 302 302 302 302 302 302 302 302 302",
    },
}

# The Member Responsible for Complaints (Code 9.5) is checked against every row too, without a column of its own: the
# member gets what the councillor gets (a signed-in user who is not staff) except on the rows below. They read the
# pages of figures only; the councillor's own pages are not theirs.
MEMBER_RESPONSIBLE_DIFFERS: dict[str, str] = {
    "reporting:dashboard": "200",
    "reporting:tsm": "200",
    "reporting:tsm_csv": "200",
    "reporting:committee_csv": "200",
    "reporting:committee": "200",
    "reporting:committee_pdf": "200",
    "reporting:committee_xlsx": "200",
    "reporting:annual": "200",
    "reporting:annual_print": "200",
    "reporting:annual_pdf": "200",
    "reporting:quarterly_return": "200",
    "reporting:quarterly_return_csv": "200",
    "reporting:psow_return_csv": "200",
    "portal:councillor_home": "404",
    "portal:councillor_raise": "404",
    "portal:councillor_ward": "404",
}
COUNCILLOR = PERSONAS.index("councillor")

MEDIA = tempfile.mkdtemp(prefix="putright-matrix-")


def url_names() -> list[str]:
    """Every named URL pattern of the project, as "namespace:name" (the admin site as one "admin" entry)."""
    names: list[str] = []

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    names.append("admin")
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


@override_settings(MEDIA_ROOT=MEDIA)
class AccessMatrix(TestCase):
    objects: ClassVar[dict[str, dict[str, Any]]]
    users: ClassVar[dict[str, User]]

    @classmethod
    def setUpTestData(cls) -> None:
        Organisation.objects.create(
            name="Thornbury Vale District Council",
            nation="ENG",
            responsible_person="Dr Amara Okafor, Director of Adult Social Services",
        )
        housing = ServiceArea.objects.create(
            name="Housing repairs", slug="housing-repairs", is_housing=True, default_procedure_slug="joint-code"
        )
        waste = ServiceArea.objects.create(name="Waste", slug="waste", default_procedure_slug="joint-code")
        care = ServiceArea.objects.create(
            name="Adult social care",
            slug="adult-social-care",
            is_restricted=True,
            default_procedure_slug="adult-social-care",
        )

        def user(name: str, role: Role, team: Team | None = None, **extra: Any) -> User:
            return User.objects.create_user(username=name, role=role, team=team, email=f"{name}@example.org", **extra)

        cls.users = {
            "councillor": user("councillor", Role.COUNCILLOR, ward="Abbey"),
            "complaints_officer": user("complaints_officer", Role.COMPLAINTS_OFFICER),
            "officer": user("officer", Role.INVESTIGATING_OFFICER, Team.objects.create(name="R", service_area=housing)),
            "other_officer": user(
                "other_officer", Role.INVESTIGATING_OFFICER, Team.objects.create(name="W", service_area=waste)
            ),
            "head_of_service": user("head_of_service", Role.HEAD_OF_SERVICE),
            "manager": user("manager", Role.MANAGER),
            "administrator": user("administrator", Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
            "care_officer": user(
                "care_officer", Role.INVESTIGATING_OFFICER, Team.objects.create(name="C", service_area=care)
            ),
        }
        # The statutory complaints manager is also the information-governance lead here: the access log's reader.
        cls.users["statutory_manager"] = user(
            "statutory_manager", Role.MANAGER, can_see_restricted=True, reads_access_log=True
        )
        cls.users["member_responsible"] = user("member_responsible", Role.MEMBER_RESPONSIBLE)
        actor = cls.users["complaints_officer"]

        def case(service: ServiceArea, procedure: str, lead: User | None) -> Case:
            return log_case(
                channel=Channel.PHONE,
                received_at=timezone.now(),
                raw_text="What went wrong",
                actor=actor,
                details=CaseDetails(
                    kind=CaseKind.COMPLAINT,
                    kind_reason="Dissatisfied",
                    service_area=service,
                    title="Title",
                    description="What went wrong",
                    procedure_version=current_version(procedure),
                    desired_outcome="Put it right",
                    lead_officer=lead,
                    team=lead.team if lead else None,
                ),
                customer_details=CustomerDetails(first_name="Ann", last_name="Jones", email="ann@example.org"),
            )

        cls.objects = {}
        for label, made in (
            ("open", case(housing, "joint-code", cls.users["officer"])),
            ("restricted", case(care, "adult-social-care", None)),
        ):
            contribution = Contribution.objects.create(
                case=made,
                service_area=waste,
                request_note="Your part",
                due_date=date(2030, 1, 1),
                requested_by=actor,
                requested_at=timezone.now(),
            )
            referral = OmbudsmanReferral.objects.create(
                case=made, ombudsman="lgsco", referred_date=timezone.localdate(), created_by=actor
            )
            remedy = OmbudsmanRemedy.objects.create(
                referral=referral, description="Apologise", due_date=date(2030, 1, 1), created_by=actor
            )
            learning = LearningAction.objects.create(
                title="Change", finding="Found", owner=actor, due_date=date(2030, 1, 1), created_by=actor
            )
            learning.cases.add(made)
            letter = OutboundMessage.objects.create(
                case=made,
                template_name="stage_response",
                channel="letter",
                to_address="Ann Jones",
                subject="Our response",
                body_text="Dear Ann",
                status="sent",
            )
            letter.document.save(f"{letter.token}.pdf", ContentFile(b"%PDF-1.4 letter"))
            evidence = EvidenceFile.objects.create(
                case=made, original_name="photo.pdf", kind="PDF", extension="pdf", size_bytes=9, scan_status="clean"
            )
            evidence.file.save(f"{evidence.token}.pdf", ContentFile(b"%PDF-1.4 "))
            stage_remedy = Remedy.objects.create(
                stage=made.stages.get(),
                remedy_type=RemedyType.APOLOGY,
                description="Say sorry",
                due_date=date(2030, 1, 1),
            )
            request = CustomerRequest.objects.create(
                case=made, kind=CustomerRequest.Kind.CALLBACK, email="ann@example.org", due_date=date(2030, 1, 1)
            )
            cls.objects[label] = {
                "reference": made.reference,
                "contact_id": made.contact_id,
                "contribution_id": contribution.pk,
                "referral_id": referral.pk,
                "remedy_id": remedy.pk,
                "stage_remedy_id": stage_remedy.pk,
                "request_id": request.pk,
                "action_id": learning.pk,
                "letter": letter.token,
                "evidence": evidence.token,
            }

    def client_for(self, persona: str) -> Client:
        client = Client()
        if persona in ("customer", "other_customer"):
            session = client.session
            sign_in(session, "ann@example.org" if persona == "customer" else "bob@example.org")
            session.save()
            client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key  # sign-in gave a new key
        elif persona != "anonymous":
            client.force_login(self.users[persona])
        return client

    def url(self, name: str, label: str) -> str:
        objects = self.objects.get(label, {})
        build = ROUTES.get(name)
        if build is None:
            return reverse(name)
        return build(objects)

    def test_every_url_pattern_has_a_row(self) -> None:
        missing = [name for name in url_names() if name not in MATRIX and name != "admin"]
        assert not missing, f"Add a row to MATRIX in {__file__} for: {', '.join(missing)}"
        stale = [name for name in MATRIX if name not in url_names()]
        assert not stale, f"Rows for URL patterns that no longer exist: {', '.join(stale)}"

    def test_each_persona_gets_the_expected_status_on_every_page(self) -> None:
        clients = {persona: self.client_for(persona) for persona in PERSONAS}
        wrong: list[str] = []
        for name, lines in {**MATRIX, **ADMIN_ROWS}.items():
            for label, expected_line in lines.items():
                expected = expected_line.split()
                assert len(expected) == len(PERSONAS), f"{name} {label}: one status per persona"
                url = self.url(name, label)
                got = [str(clients[persona].get(url).status_code) for persona in PERSONAS]
                if got != expected:
                    wrong.append(f'    "{name}": {{"{label}": "{" ".join(got)}"}},  # expected {expected_line}')
        assert not wrong, "Statuses differ from the table:\n" + "\n".join(wrong)

    def test_the_member_responsible_for_complaints_reads_figures_only(self) -> None:
        client = self.client_for("member_responsible")
        wrong: list[str] = []
        for name, lines in {**MATRIX, **ADMIN_ROWS}.items():
            for label, expected_line in lines.items():
                expected = MEMBER_RESPONSIBLE_DIFFERS.get(name, expected_line.split()[COUNCILLOR])
                response = client.get(self.url(name, label))
                if str(response.status_code) != expected:
                    wrong.append(f"{name} {label}: {response.status_code}, expected {expected}")
                if response.status_code == 200 and name in MEMBER_RESPONSIBLE_DIFFERS:
                    text = b"".join(response) if response.streaming else response.content
                    for personal in (self.objects["open"]["reference"], b"Jones", b"@example.org"):
                        needle = personal.encode() if isinstance(personal, str) else personal
                        if needle in text:
                            wrong.append(f"{name}: shows {needle!r}")
        assert not wrong, "The Member Responsible for Complaints:\n" + "\n".join(wrong)


def _with(name: str, *keys: str, **fixed: Any) -> Callable[[dict[str, Any]], str]:
    def build(objects: dict[str, Any]) -> str:
        return reverse(name, kwargs={**fixed, **{key: objects[key] for key in keys}})

    return build


# How to build each URL that takes arguments, from the objects made for the row's column.
ROUTES: dict[str, Callable[[dict[str, Any]], str]] = {
    "password_reset_confirm": _with("password_reset_confirm", uidb64="MQ", token="made-up"),
    "cases:triage": _with("cases:triage", "contact_id"),
    "cases:detail": _with("cases:detail", "reference"),
    "api:case-detail": _with("api:case-detail", "reference"),
    "api:case-ombudsman-referrals": _with("api:case-ombudsman-referrals", "reference"),
    "api:case-remedies": _with("api:case-remedies", "reference"),
    "api:case-responses": _with("api:case-responses", "reference"),
    "api:case-stages": _with("api:case-stages", "reference"),
    "api:case-timeline": _with("api:case-timeline", "reference"),
    "open311:services": _with("open311:services", fmt="json"),
    "open311:service": _with("open311:service", code="housing-repairs", fmt="json"),
    "open311:requests": _with("open311:requests", fmt="json"),
    "open311:request": _with("open311:request", request_id=1, fmt="json"),
    "imports:run": _with("imports:run", token=uuid.UUID(int=1)),
    "imports:confirm": _with("imports:confirm", token=uuid.UUID(int=1)),
    "imports:rejects": _with("imports:rejects", token=uuid.UUID(int=1)),
    "cases:contribution": _with("cases:contribution", "reference", "contribution_id"),
    "cases:customer_request_done": _with("cases:customer_request_done", "reference", "request_id"),
    "cases:remedy_done": lambda objects: reverse(
        "cases:remedy_done", kwargs={"reference": objects["reference"], "remedy_id": objects["stage_remedy_id"]}
    ),
    "cases:action": _with("cases:action", "reference", action="note"),
    "portal:councillor_case": _with("portal:councillor_case", "reference"),
    "portal:journey": _with("portal:journey", journey_name="complaint"),
    "portal:check": _with("portal:check", journey_name="complaint"),
    "portal:sent": _with("portal:sent", journey_name="complaint"),
    "portal:remove_evidence": _with("portal:remove_evidence", journey_name="complaint", token=uuid.UUID(int=1)),
    "portal:step": _with("portal:step", journey_name="complaint", slug="who"),
    "portal:sign_in_link": _with("portal:sign_in_link", token="made-up"),
    "portal:customer_case": _with("portal:customer_case", "reference"),
    "portal:add_information": _with("portal:add_information", "reference"),
    "portal:callback": _with("portal:callback", "reference"),
    "portal:escalate": _with("portal:escalate", "reference"),
    "portal:withdraw": _with("portal:withdraw", "reference"),
    "portal:survey": _with("portal:survey", "reference"),
    "portal:customer_letter": lambda o: reverse("portal:customer_letter", args=[o["reference"], o["letter"]]),
    "portal:customer_evidence": lambda o: reverse("portal:customer_evidence", args=[o["reference"], o["evidence"]]),
    "portal:staff_evidence": lambda o: reverse("portal:staff_evidence", args=[o["evidence"]]),
    "reporting:self_assessments": _with("reporting:self_assessments", year=2026),
    "reporting:self_assessment": _with("reporting:self_assessment", year=2026, number=1),
    "reporting:tsm_stock": _with("reporting:tsm_stock", year=2026),
    "reporting:self_assessment_row": _with("reporting:self_assessment_row", year=2026, number=1, provision="1.1"),
    "reporting:governing_body_response": _with("reporting:governing_body_response", year=2026, number=1),
    "reporting:publish_annual": _with("reporting:publish_annual", year=2026),
    "publications:annual": _with("publications:annual", year=2026),
    "publications:annual_pdf": _with("publications:annual_pdf", year=2026),
    "reporting:statutory": _with("reporting:statutory", kind="adult"),
    "reporting:statutory_print": _with("reporting:statutory_print", kind="adult"),
    "reporting:statutory_pdf": _with("reporting:statutory_pdf", kind="adult"),
    "reporting:statutory_commentary": _with("reporting:statutory_commentary", kind="adult", year=2026),
    "ombudsman:case": _with("ombudsman:case", "reference"),
    "ombudsman:refer": _with("ombudsman:refer", "reference"),
    "ombudsman:enquiry": _with("ombudsman:enquiry", "reference", "referral_id"),
    "ombudsman:decision": _with("ombudsman:decision", "reference", "referral_id"),
    "ombudsman:add_remedy": _with("ombudsman:add_remedy", "reference", "referral_id"),
    "ombudsman:complete_remedy": _with("ombudsman:complete_remedy", "reference", "referral_id", "remedy_id"),
    "learning:complete": _with("learning:complete", "action_id"),
    "records:lift_hold": _with("records:lift_hold", hold_id=1),
    "records:request": _with("records:request", request_id=1),
    "records:subject_access": _with("records:subject_access", request_id=1),
    "notifications:retry": lambda o: reverse("notifications:retry", args=[o["letter"]]),
    "notifications:letter": lambda o: reverse("notifications:letter", args=[o["letter"]]),
    "admin:notifications_outboundmessage_change": lambda o: reverse(
        "admin:notifications_outboundmessage_change", args=[OutboundMessage.objects.get(token=o["letter"]).pk]
    ),
    "admin:ombudsman_ombudsmanreferral_change": lambda o: reverse(
        "admin:ombudsman_ombudsmanreferral_change", args=[o["referral_id"]]
    ),
    "admin:learning_learningaction_change": lambda o: reverse(
        "admin:learning_learningaction_change", args=[o["action_id"]]
    ),
}
