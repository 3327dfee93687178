from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from putright.organisation.selectors import current_organisation


def service(request: HttpRequest) -> dict[str, object]:
    """The header and page titles name the organisation from its profile, unless PUTRIGHT_SERVICE_NAME is set.

    Lazy, so a response that renders no page (a redirect, a download) reads nothing.
    """
    configured = settings.PUTRIGHT_SERVICE_NAME
    return {
        "service_name": configured or SimpleLazyObject(lambda: current_organisation().name),
        # "Change password" and "Forgotten your password?" only while local passwords are on.
        "local_passwords_on": settings.PUTRIGHT_LOCAL_PASSWORDS,
    }
