from django.urls import URLPattern, URLResolver, path
from django.views.i18n import set_language

from putright.portal.views import account, councillor, public, staff

app_name = "portal"
JOURNEY = "<str:journey_name>"
CASE = "account/cases/<str:reference>"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.start, name="start"),
    path("language/", set_language, name="set_language"),
    path("signed-in/", councillor.signed_in, name="signed_in"),
    path("councillor/", councillor.councillor_home, name="councillor_home"),
    path("councillor/raise/", councillor.councillor_raise, name="councillor_raise"),
    path("councillor/ward/", councillor.councillor_ward, name="councillor_ward"),
    path("councillor/cases/<str:reference>/", councillor.councillor_case, name="councillor_case"),
    path(f"send/{JOURNEY}/", public.journey_start, name="journey"),
    path(f"send/{JOURNEY}/check-your-answers/", public.check_answers, name="check"),
    path(f"send/{JOURNEY}/sent/", public.sent, name="sent"),
    path(f"send/{JOURNEY}/evidence/<uuid:token>/remove/", public.remove_evidence, name="remove_evidence"),
    path(f"send/{JOURNEY}/<slug:slug>/", public.journey_step, name="step"),
    path("account/", account.your_cases, name="your_cases"),
    path("account/sign-in/", account.sign_in, name="sign_in"),
    path("account/sign-in/check-your-email/", account.sign_in_sent, name="sign_in_sent"),
    path("account/sign-in/<str:token>/", account.sign_in_link, name="sign_in_link"),
    path("account/sign-out/", account.sign_out, name="sign_out"),
    path(f"{CASE}/", account.case_page, name="customer_case"),
    path(f"{CASE}/add-information/", account.add_information, name="add_information"),
    path(f"{CASE}/call-back/", account.callback, name="callback"),
    path(f"{CASE}/next-stage/", account.escalate, name="escalate"),
    path(f"{CASE}/withdraw/", account.withdraw, name="withdraw"),
    path(f"{CASE}/feedback/", account.survey, name="survey"),
    path(f"{CASE}/letters/<uuid:token>/", account.letter, name="customer_letter"),
    path(f"{CASE}/files/<uuid:token>/", account.evidence_file, name="customer_evidence"),
    path("evidence/<uuid:token>/", staff.evidence_file, name="staff_evidence"),
]
