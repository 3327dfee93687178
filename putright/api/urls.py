from collections.abc import Collection
from typing import cast

from django.conf import settings
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from putright.api import views

# Swagger UI and Redoc (served from our own static files) start themselves with inline script and style; only
# these two documentation pages allow that, and they still fetch nothing from other sites.
STRICT_CSP = cast("dict[str, Collection[str] | str]", settings.SECURE_CSP)
DOCS_CSP: dict[str, Collection[str] | str] = {
    **STRICT_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "worker-src": [CSP.SELF, "blob:"],
}
docs_page = csp_override(DOCS_CSP)

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_page(SpectacularSwaggerView.as_view(url_name="api:schema")), name="docs"),
    path("redoc/", docs_page(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    path("services/", views.ServiceList.as_view(), name="services"),
    path("categories/", views.CategoryList.as_view(), name="categories"),
    path("procedures/", views.ProcedureList.as_view(), name="procedures"),
    path("contacts/", views.ContactCreate.as_view(), name="contacts"),
    path("", include(router.urls)),
]
