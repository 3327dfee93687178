from typing import Any

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLResolver, include, path
from django.urls.resolvers import RoutePattern

from putright.portal.views import staff_passwords as staff_views
from putright.portal.views import staff_sign_in


class LoadedWhenUsed(URLResolver):
    """A namespaced include whose module is imported only when a request reaches its prefix or one of its own
    names is reversed: not when a staff page reverses its links, which makes Django read every include.

    The API's modules (Django REST framework, drf-spectacular and the PostgreSQL driver they load) would otherwise
    add about 20 MB to every web worker, though the staff and public pages never use them. The namespaced staff
    sections are included this way too: a worker loads an import's, a records request's or the message pages'
    modules only once someone uses them or a page links to them.
    """

    def __init__(self, prefix: str, module: str, namespace: str) -> None:
        # A module name rather than the module: URLResolver imports it when its patterns are first read.
        super().__init__(RoutePattern(prefix, is_endpoint=False), module, app_name=namespace, namespace=namespace)
        self._used = False

    def _use(self) -> None:
        self._used = True

    def _populate(self) -> None:
        if self._used:  # otherwise the site's resolver is listing every include's names: leave this one unread
            super()._populate()

    @property
    def reverse_dict(self) -> Any:
        self._use()
        return super().reverse_dict

    @property
    def namespace_dict(self) -> Any:
        self._use()
        return super().namespace_dict

    @property
    def app_dict(self) -> Any:
        self._use()
        return super().app_dict

    def _is_callback(self, name: str) -> bool:
        self._use()
        return super()._is_callback(name)


staff_sign_in_view = staff_sign_in.StaffSignInView.as_view()
# The admin's own sign-in is the staff one: the same lockout, the second step, and no passwords in SSO-only mode.
admin.site.login = staff_sign_in_view  # type: ignore[method-assign, assignment]

urlpatterns = [
    path("admin/", admin.site.urls),
    LoadedWhenUsed("api/v1/", "putright.api.urls", "api"),
    LoadedWhenUsed("open311/v2/", "putright.api.open311_urls", "open311"),
    path("sign-in/", staff_sign_in_view, name="login"),
    path("sign-in/council/", staff_sign_in.sso_start, name="sso_start"),
    path("sign-in/council/return/", staff_sign_in.sso_callback, name="sso_callback"),
    path("sign-in/code/", staff_sign_in.verify, name="two_factor_verify"),
    path("two-factor/set-up/", staff_sign_in.setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", staff_sign_in.recovery_codes, name="two_factor_recovery_codes"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", staff_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", staff_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", staff_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", staff_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        staff_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", staff_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("", include("putright.cases.urls")),
    path("", include("putright.portal.urls")),
    LoadedWhenUsed("reports/", "putright.reporting.urls", "reporting"),
    LoadedWhenUsed("publications/", "putright.reporting.public_urls", "publications"),
    LoadedWhenUsed("ombudsman/", "putright.ombudsman.urls", "ombudsman"),
    LoadedWhenUsed("learning/", "putright.learning.urls", "learning"),
    LoadedWhenUsed("imports/", "putright.imports.urls", "imports"),
    LoadedWhenUsed("messages/", "putright.notifications.urls", "notifications"),
    LoadedWhenUsed("access-log/", "putright.audit.urls", "audit"),
    LoadedWhenUsed("records/", "putright.records.urls", "records"),
]
