"""Suggested service and category for a new contact, learnt from the organisation's own past cases.

A TF-IDF bag of words and a logistic regression (scikit-learn), retrained daily by the scheduler (`jobs.py`). The
trained model is stored as plain numbers in `TriageModel` (no pickle), and a suggestion is only ever shown with its
confidence: the officer applies it with a click, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from putright.cases.models import Case, TriageModel
from putright.organisation.models import Category, ServiceArea

# Enough recent cases to learn an organisation's words; older ones describe services as they used to be.
MOST_CASES = 20_000
FEWEST_CASES = 30
HELD_BACK_EVERY = 5  # one case in five is kept back to measure the model, never learnt from
MOST_WORDS = 4_000
# Below this confidence nothing is suggested: a guess would only slow the officer down.
LEAST_CONFIDENCE = 0.35


@dataclass(frozen=True)
class Suggestion:
    label: str
    value: int  # the service's or category's id
    confidence: float

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


def _examples(kind: str) -> tuple[list[str], list[int]]:
    cases = Case.objects.order_by("-received_at")
    if kind == TriageModel.Kind.SERVICE:
        rows = cases.values_list("title", "description", "service_area_id")[:MOST_CASES]
    else:
        rows = cases.filter(categories__isnull=False).values_list("title", "description", "categories")[:MOST_CASES]
    texts, labels = [], []
    for title, description, label in rows:
        texts.append(f"{title}\n{description}")
        labels.append(int(label))
    return texts, labels


def _fit(texts: list[str], labels: list[int]) -> tuple[TfidfVectorizer, LogisticRegression]:
    vectoriser = TfidfVectorizer(max_features=MOST_WORDS, sublinear_tf=True, min_df=2, stop_words="english")
    matrix = vectoriser.fit_transform(texts)
    classifier = LogisticRegression(max_iter=300)
    classifier.fit(matrix, labels)
    return vectoriser, classifier


def train(kind: str) -> TriageModel | None:
    """Learn `kind` (service or category) from past cases; None when there are too few to learn from."""
    texts, labels = _examples(kind)
    if len(texts) < FEWEST_CASES or len(set(labels)) < 2:
        return None
    learn = [i for i in range(len(texts)) if i % HELD_BACK_EVERY]
    held = [i for i in range(len(texts)) if not i % HELD_BACK_EVERY]
    if len({labels[i] for i in learn}) < 2:
        return None
    vectoriser, classifier = _fit([texts[i] for i in learn], [labels[i] for i in learn])
    predicted = classifier.predict(vectoriser.transform([texts[i] for i in held]))
    accuracy = float(np.mean(predicted == np.array([labels[i] for i in held]))) if held else 0.0
    parameters = {
        "vocabulary": {word: int(index) for word, index in vectoriser.vocabulary_.items()},
        "idf": vectoriser.idf_.round(5).tolist(),
        "classes": [int(label) for label in classifier.classes_],
        "coef": classifier.coef_.round(5).tolist(),
        "intercept": classifier.intercept_.round(5).tolist(),
    }
    with transaction.atomic():
        model = TriageModel.objects.create(
            kind=kind,
            trained_at=timezone.now(),
            cases_used=len(learn),
            cases_held_back=len(held),
            accuracy=accuracy,
            parameters=parameters,
        )
        TriageModel.objects.filter(kind=kind).exclude(pk=model.pk).delete()
    return model


def _probabilities(parameters: dict[str, Any], text: str) -> list[tuple[int, float]]:
    vectoriser = TfidfVectorizer(
        vocabulary=parameters["vocabulary"], sublinear_tf=True, stop_words="english", max_features=MOST_WORDS
    )
    vectoriser.idf_ = np.array(parameters["idf"])
    row = vectoriser.transform([text])
    coef = np.array(parameters["coef"])
    scores = row @ coef.T + np.array(parameters["intercept"])
    scores = np.asarray(scores).ravel()
    classes = parameters["classes"]
    if len(classes) == 2 and coef.shape[0] == 1:  # binary: one column of weights, for the second class
        second = 1 / (1 + np.exp(-scores[0]))
        return [(classes[0], float(1 - second)), (classes[1], float(second))]
    exp = np.exp(scores - scores.max())
    shares = exp / exp.sum()
    return [(label, float(share)) for label, share in zip(classes, shares, strict=True)]


def _best(kind: str, text: str) -> tuple[int, float] | None:
    model = TriageModel.objects.filter(kind=kind).order_by("-trained_at").first()
    if model is None or not text.strip():
        return None
    label, confidence = max(_probabilities(model.parameters, text), key=lambda pair: pair[1])
    return (label, confidence) if confidence >= LEAST_CONFIDENCE else None


def suggest_service(text: str) -> Suggestion | None:
    best = _best(TriageModel.Kind.SERVICE, text)
    service = ServiceArea.objects.filter(pk=best[0], is_active=True).first() if best else None
    return Suggestion(service.name, service.pk, best[1]) if service and best else None


def suggest_category(text: str) -> Suggestion | None:
    best = _best(TriageModel.Kind.CATEGORY, text)
    category = Category.objects.filter(pk=best[0]).first() if best else None
    return Suggestion(category.name, category.pk, best[1]) if category and best else None


def retrain(now: object = None) -> str:
    """The scheduler's daily run: both models, from the cases as they are today."""
    lines = []
    for kind in TriageModel.Kind:
        model = train(kind)
        lines.append(
            f"{kind.label}: too few cases to learn from"
            if model is None
            else f"{kind.label}: {model.cases_used} cases learnt, {model.accuracy:.0%} of {model.cases_held_back} "
            "held-back cases right"
        )
    return "; ".join(lines)
