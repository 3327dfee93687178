"""Suggested service and category, learnt from past cases, shown with confidence and applied only on a click."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases.choices import Channel
from putright.cases.models import TriageModel
from putright.cases.services import log_contact
from putright.cases.suggestions import retrain, suggest_service, train

pytestmark = pytest.mark.usefixtures("frozen_today")

REPAIRS = ["roof leak in the bedroom", "boiler broken no heating", "damp and mould on the walls", "window frame rotten"]
WASTE = ["bin not collected again", "recycling box missed", "garden waste bin not emptied", "bins left on the street"]


@pytest.fixture
def past_cases(make_case, housing, waste):
    for round_ in range(6):
        for words in REPAIRS:
            make_case(service=housing, title=words, text=f"{words}, reported {round_} times and still not fixed")
        for words in WASTE:
            make_case(service=waste, title=words, text=f"{words}, the crew missed our road {round_} times")


def test_too_few_cases_teach_nothing(make_case):
    make_case()
    assert train(TriageModel.Kind.SERVICE) is None
    assert retrain() == "Service: too few cases to learn from; Category: too few cases to learn from"


def test_the_model_learns_the_service_from_past_cases_and_measures_itself(past_cases, waste):
    model = train(TriageModel.Kind.SERVICE)
    assert model.cases_used == 38 and model.cases_held_back == 10
    assert model.accuracy == 1.0  # the held-back cases are told apart
    assert set(model.parameters) == {"vocabulary", "idf", "classes", "coef", "intercept"}  # numbers, no pickle
    suggestion = suggest_service("The bin men missed our recycling box this week")
    assert suggestion.value == waste.pk and 0.35 <= suggestion.confidence <= 1


def test_triage_shows_the_suggestion_and_applies_it_only_when_clicked(client, past_cases, complaints_officer, waste):
    train(TriageModel.Kind.SERVICE)
    contact = log_contact(
        channel=Channel.EMAIL, received_at=timezone.now(), raw_text="Our recycling bin was not collected", actor=None
    )
    client.force_login(complaints_officer)
    url = reverse("cases:triage", args=[contact.pk])
    page = client.get(url).content.decode()
    assert "Service: <strong>Waste and recycling</strong>" in page and "% sure" in page
    assert f'<option value="{waste.pk}" selected>' not in page  # not applied by itself
    clicked = client.get(f"{url}?service={waste.pk}").content.decode()
    assert f'<option value="{waste.pk}" selected>' in clicked
