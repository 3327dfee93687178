"""The public pages the Code asks for (section 8): the annual complaints report and "you said, we did"."""

from django.urls import path

from putright.reporting.views import public

app_name = "publications"
urlpatterns = [
    path("", public.publications, name="list"),
    path("annual/<int:year>/", public.annual, name="annual"),
    path("annual/<int:year>/report.pdf", public.annual_pdf, name="annual_pdf"),
    path("you-said-we-did/", public.you_said_we_did, name="you_said_we_did"),
]
