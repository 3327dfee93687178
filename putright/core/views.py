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
    """A request that reached a view behind `signed_in_view` (or `staff_view`, `role_view` built on it): `user` is a
    `User`.

    Only a type: annotate such a view's `request` with it instead of ignoring the type of `request.user`.
    """

    user: User


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in `User`, where the signature is fixed (the Django admin's hooks, the decorators below), once
    sign-in is checked (by the admin, by `login_required`)."""
    return cast("User", request.user)


def signed_in_view(
    allowed: Callable[[User], bool], *, on_refusal: Callable[[HttpRequest, User], None] | None = None
) -> Callable[[View], View]:
    """The one way to say who may open a page: signed-in people for whom `allowed(user)` holds (a role predicate of
    `User`). Anonymous users go to sign in; anyone else signed in gets the same 404 as a page that does not exist,
    after `on_refusal(request, user)` if given (the pages that write refused attempts to the access log)."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = signed_in_user(request)
            if not allowed(user):
                if on_refusal is not None:
                    on_refusal(request, user)
                raise Http404("Not found")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# Signed-in staff: active and in a staff role (not councillors, not the Member Responsible for Complaints).
staff_view = signed_in_view(lambda user: user.is_case_worker)


def role_view(
    allowed: Callable[[User], bool], *, on_refusal: Callable[[HttpRequest, User], None] | None = None
) -> Callable[[View], View]:
    """Signed-in staff for whom `allowed(user)` holds as well. Anyone else gets a 404; only a member of staff's
    refusal reaches `on_refusal`."""
    for_role = signed_in_view(allowed, on_refusal=on_refusal)

    def decorate(view: View) -> View:
        return staff_view(for_role(view))

    return decorate


# The complaints team, managers and administrators: the whole queue, the reports, ombudsman liaison, learning.
whole_queue_view = role_view(lambda user: user.sees_whole_queue)
# Managers and administrators: the Code self-assessment and the statutory reports' commentary.
manager_view = role_view(lambda user: user.is_manager)


def add_rule_error(form: Form, error: RuleError) -> None:
    """Show a rule's refusal on the field it concerns, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
