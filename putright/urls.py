from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("putright.api.urls")),
    path("open311/v2/", include("putright.api.open311_urls")),
    path("sign-in/", auth_views.LoginView.as_view(template_name="staff/sign_in.html"), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("putright.cases.urls")),
    path("", include("putright.portal.urls")),
    path("reports/", include("putright.reporting.urls")),
    path("ombudsman/", include("putright.ombudsman.urls")),
    path("learning/", include("putright.learning.urls")),
    path("imports/", include("putright.imports.urls")),
    path("messages/", include("putright.notifications.urls")),
]
