from django.urls import path

from putright.learning import views

app_name = "learning"
urlpatterns = [
    path("", views.action_list, name="list"),
    path("new/", views.new_action, name="new"),
    path("<int:action_id>/done/", views.complete_action, name="complete"),
    path("you-said-we-did/", views.you_said_we_did, name="you_said_we_did"),
]
