from django.urls import path

from putright.records import views

app_name = "records"
urlpatterns = [
    path("", views.records_home, name="home"),
    path("holds/<int:hold_id>/lift/", views.lift_hold, name="lift_hold"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:request_id>/", views.request_detail, name="request"),
    path("requests/<int:request_id>/subject-access.zip", views.subject_access_download, name="subject_access"),
]
