from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from putright.api import views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("services/", views.ServiceList.as_view(), name="services"),
    path("categories/", views.CategoryList.as_view(), name="categories"),
    path("procedures/", views.ProcedureList.as_view(), name="procedures"),
    path("contacts/", views.ContactCreate.as_view(), name="contacts"),
    path("", include(router.urls)),
]
