"""What every staff view shares: sign-in, the staff check and turning rule errors into form errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse

from putright.cases.access import is_case_worker
from putright.cases.lifecycle import TransitionError


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in staff only: anonymous users go to sign in; anyone else gets the same 404 as a missing page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_case_worker(request.user):
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapper


def add_rule_error(form: Form, error: TransitionError) -> None:
    """Show a lifecycle refusal on the field it concerns, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


# Past this, a page number is a made-up one: the database is not asked to skip more rows than a 64-bit offset holds.
MAX_PAGE = 100_000


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or len(raw) > len(str(MAX_PAGE)):
        return 1
    return min(max(int(raw), 1), MAX_PAGE)
