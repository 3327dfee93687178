from django.urls import path

from putright.records import views

app_name = "records"
urlpatterns = [
    path("", views.records_home, name="home"),
    path("holds/<int:hold_id>/lift/", views.lift_hold, name="lift_hold"),
]
