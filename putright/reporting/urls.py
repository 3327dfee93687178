from django.urls import path

from putright.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tsm/", views.tsm, name="tsm"),
    path("committee.csv", views.committee_csv, name="committee_csv"),
]
