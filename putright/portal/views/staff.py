"""Staff side of what customers send through the portal: downloading their evidence from the case page."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from putright.core.views import SignedInRequest, staff_view
from putright.portal.access import get_evidence_for_staff
from putright.portal.evidence import held_file_response


@staff_view
@require_http_methods(["GET"])
def evidence_file(request: SignedInRequest, token: UUID) -> HttpResponse:
    user = request.user
    evidence = get_evidence_for_staff(user, token)
    if not evidence.may_be_opened:
        response = held_file_response(evidence)
        response["Cache-Control"] = "no-store, private"
        return response
    with evidence.file.open("rb") as upload:  # 10MB at most (evidence.MAX_FILE_BYTES)
        response = HttpResponse(upload.read(), content_type="application/octet-stream")
    # Always a download, never shown inline: a file from the public is not trusted to render in our origin.
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=evidence.original_name)
    response["Cache-Control"] = "no-store, private"
    return response
