from django.urls import path

from putright.reporting.views import annual, committee, figures

app_name = "reporting"
urlpatterns = [
    path("", figures.dashboard, name="dashboard"),
    path("tsm/", figures.tsm, name="tsm"),
    path("committee.csv", figures.committee_csv, name="committee_csv"),
    path("committee/", committee.committee, name="committee"),
    path("committee.pdf", committee.committee_pdf, name="committee_pdf"),
    path("committee.xlsx", committee.committee_spreadsheet, name="committee_xlsx"),
    path("annual/", annual.annual, name="annual"),
    path("annual/print/", annual.annual_print, name="annual_print"),
    path("annual.pdf", annual.annual_pdf, name="annual_pdf"),
    path("annual/<int:year>/self-assessment/", annual.self_assessment, name="self_assessment"),
    path(
        "annual/<int:year>/self-assessment/<str:provision>/",
        annual.self_assessment_row,
        name="self_assessment_row",
    ),
    path("annual/<int:year>/response/", annual.governing_body_response, name="governing_body_response"),
]
