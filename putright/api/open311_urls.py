from django.urls import path

from putright.api import open311_views

app_name = "open311"
urlpatterns = [
    path("services.<str:fmt>", open311_views.service_list, name="services"),
    path("services/<slug:code>.<str:fmt>", open311_views.service_definition, name="service"),
    path("requests.<str:fmt>", open311_views.requests, name="requests"),
    path("requests/<int:request_id>.<str:fmt>", open311_views.request_detail, name="request"),
]
