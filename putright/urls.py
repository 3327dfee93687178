from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from putright.portal.views import staff_passwords as staff_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("putright.api.urls")),
    path("open311/v2/", include("putright.api.open311_urls")),
    path("sign-in/", auth_views.LoginView.as_view(template_name="staff/sign_in.html"), name="login"),
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
    path("reports/", include("putright.reporting.urls")),
    path("publications/", include("putright.reporting.public_urls")),
    path("ombudsman/", include("putright.ombudsman.urls")),
    path("learning/", include("putright.learning.urls")),
    path("imports/", include("putright.imports.urls")),
    path("messages/", include("putright.notifications.urls")),
    path("access-log/", include("putright.audit.urls")),
    path("records/", include("putright.records.urls")),
]
