from django.urls import path

from putright.reporting.views import annual, causes, committee, contacts, figures, hazards, returns, statutory, tsm

app_name = "reporting"
urlpatterns = [
    path("", figures.dashboard, name="dashboard"),
    path("tsm/", tsm.tsm, name="tsm"),
    path("tsm/return.csv", tsm.tsm_csv, name="tsm_csv"),
    path("tsm/<int:year>/stock/", tsm.tsm_stock, name="tsm_stock"),
    path("hazards/", hazards.hazards, name="hazards"),
    path("committee.csv", figures.committee_csv, name="committee_csv"),
    path("committee/", committee.committee, name="committee"),
    path("committee.pdf", committee.committee_pdf, name="committee_pdf"),
    path("committee.xlsx", committee.committee_spreadsheet, name="committee_xlsx"),
    path("annual/", annual.annual, name="annual"),
    path("annual/print/", annual.annual_print, name="annual_print"),
    path("annual.pdf", annual.annual_pdf, name="annual_pdf"),
    path("annual/<int:year>/self-assessments/", annual.self_assessments, name="self_assessments"),
    path("annual/<int:year>/self-assessments/<int:number>/", annual.self_assessment, name="self_assessment"),
    path(
        "annual/<int:year>/self-assessments/<int:number>/response/",
        annual.governing_body_response,
        name="governing_body_response",
    ),
    path(
        "annual/<int:year>/self-assessments/<int:number>/<str:provision>/",
        annual.self_assessment_row,
        name="self_assessment_row",
    ),
    path("annual/<int:year>/publish/", annual.publish_annual, name="publish_annual"),
    path("returns/", returns.quarterly_return, name="quarterly_return"),
    path("returns/quarterly.csv", returns.quarterly_return_csv, name="quarterly_return_csv"),
    path("returns/psow.csv", returns.psow_return_csv, name="psow_return_csv"),
    path("returns/dates/", returns.return_dates_page, name="return_dates"),
    path("causes/", causes.root_causes_report, name="root_causes"),
    path("contacts/", contacts.contact_volumes, name="contact_volumes"),
    path("contacts/import/", contacts.import_contact_volumes, name="contact_volumes_import"),
    path("statutory/<slug:kind>/", statutory.statutory_report, name="statutory"),
    path("statutory/<slug:kind>/print/", statutory.statutory_print, name="statutory_print"),
    path("statutory/<slug:kind>/report.pdf", statutory.statutory_pdf, name="statutory_pdf"),
    path("statutory/<slug:kind>/<int:year>/commentary/", statutory.commentary, name="statutory_commentary"),
]
