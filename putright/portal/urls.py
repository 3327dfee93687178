from django.urls import URLPattern, URLResolver, path
from django.views.i18n import set_language

from putright.portal.views import councillor, public

app_name = "portal"
JOURNEY = "<str:journey_name>"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.start, name="start"),
    path("language/", set_language, name="set_language"),
    path("signed-in/", councillor.signed_in, name="signed_in"),
    path("councillor/", councillor.councillor_home, name="councillor_home"),
    path("councillor/raise/", councillor.councillor_raise, name="councillor_raise"),
    path("councillor/cases/<str:reference>/", councillor.councillor_case, name="councillor_case"),
    path(f"send/{JOURNEY}/", public.journey_start, name="journey"),
    path(f"send/{JOURNEY}/check-your-answers/", public.check_answers, name="check"),
    path(f"send/{JOURNEY}/sent/", public.sent, name="sent"),
    path(f"send/{JOURNEY}/<slug:slug>/", public.journey_step, name="step"),
]
