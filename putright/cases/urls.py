from django.urls import path
from django.views.generic import RedirectView

from putright.cases.views import actions, detail, intake, outstanding, queues, requests, today

app_name = "cases"
urlpatterns = [
    path("staff/", RedirectView.as_view(pattern_name="cases:today"), name="home"),
    path("today/", today.today_page, name="today"),
    path("cases/", queues.case_queue, {"scope": "mine"}, name="my_cases"),
    path("cases/team/", queues.case_queue, {"scope": "team"}, name="team_cases"),
    path("cases/all/", queues.all_cases, name="all_cases"),
    path("search/", queues.search, name="search"),
    path("log/", intake.log_contact_view, name="log"),
    path("contacts/", queues.contact_queue, name="contacts"),
    path("customer-requests/", requests.request_queue, name="customer_requests"),
    path("contributions/", outstanding.my_contributions, name="my_contributions"),
    path("remedies/", outstanding.outstanding_remedies, name="outstanding_remedies"),
    path("contacts/<int:contact_id>/triage/", intake.triage_view, name="triage"),
    path("cases/<str:reference>/", detail.case_detail, name="detail"),
    path(
        "cases/<str:reference>/contributions/<int:contribution_id>/", actions.record_contribution, name="contribution"
    ),
    path("cases/<str:reference>/requests/<int:request_id>/done/", requests.request_done, name="customer_request_done"),
    path("cases/<str:reference>/remedies/<int:remedy_id>/done/", outstanding.remedy_done, name="remedy_done"),
    path("cases/<str:reference>/<slug:action>/", actions.case_action, name="action"),
]
