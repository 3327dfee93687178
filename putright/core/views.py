"""What every staff view shares: sign-in, the staff and role checks, the typed request, rule errors on forms.

`core` sits below every other app, so it knows the signed-in user only by what the `User` model promises
(`is_case_worker` and the role predicates, see `organisation.models.User`); the import of `User` here is for
type checking only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse

from putright.core.errors import RuleError

if TYPE_CHECKING:
    from putright.organisation.models import User

View = Callable[..., HttpResponse]


class SignedInRequest(HttpRequest):
    """A request that reached a view behind `staff_view`, `role_view` or the councillor check: `user` is a `User`.

    Only a type: annotate such a view's `request` with it instead of ignoring the type of `request.user`.
    """

    user: User


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in `User`, where the signature is fixed (the Django admin's hooks); the admin checks sign-in."""
    return cast("User", request.user)


def is_case_worker(user: object) -> bool:
    """Signed in, active and in a staff role (anonymous users and councillors are not)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_case_worker", False))


def staff_view(view: View) -> View:
    """Signed-in staff only: anonymous users go to sign in; anyone else gets the same 404 as a missing page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_case_worker(request.user):
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapper


def role_view(allowed: Callable[[User], bool]) -> Callable[[View], View]:
    """Signed-in staff for whom `allowed(user)` holds (a role predicate of `User`); anyone else gets a 404."""

    def decorate(view: View) -> View:
        @staff_view
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not allowed(signed_in_user(request)):
                raise Http404("Not found")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# The complaints team, managers and administrators: the whole queue, the reports, ombudsman liaison, learning.
whole_queue_view = role_view(lambda user: user.sees_whole_queue)
# Managers and administrators: the Code self-assessment and the statutory reports' commentary.
manager_view = role_view(lambda user: user.is_manager)


def add_rule_error(form: Form, error: RuleError) -> None:
    """Show a rule's refusal on the field it concerns, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
