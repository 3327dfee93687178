from django.urls import path

from putright.ombudsman import views

app_name = "ombudsman"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("cases/<str:reference>/", views.case_referrals, name="case"),
    path("cases/<str:reference>/refer/", views.refer, name="refer"),
    path("cases/<str:reference>/<int:referral_id>/enquiry/", views.enquiry, name="enquiry"),
    path("cases/<str:reference>/<int:referral_id>/decision/", views.decision, name="decision"),
    path("cases/<str:reference>/<int:referral_id>/remedies/", views.add_remedy, name="add_remedy"),
    path(
        "cases/<str:reference>/<int:referral_id>/remedies/<int:remedy_id>/done/",
        views.complete_remedy,
        name="complete_remedy",
    ),
]
