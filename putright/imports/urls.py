from django.urls import path

from putright.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.start, name="start"),
    path("<uuid:token>/", views.run, name="run"),
    path("<uuid:token>/confirm/", views.confirm, name="confirm"),
    path("<uuid:token>/rows-not-imported.csv", views.rejects, name="rejects"),
]
