"""The public journeys as data: which pages each asks, in which order, and where the answers are kept.

Answers live in the session under one key per journey until "Check your answers" is sent, so the
forms work without JavaScript and without an account. A page that does not apply (the "someone else"
page when the complaint is for the person filling it in) is skipped, and its answers are ignored.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putright.cases.choices import CaseKind
from putright.core.sessions import save_may_be_lost
from putright.portal import forms as f

Answers = dict[str, dict[str, Any]]


def _always(_answers: Answers) -> bool:
    return True


def _for_someone_else(answers: Answers) -> bool:
    return answers.get("who", {}).get("for_whom") == f.WhoForm.SOMEONE_ELSE


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[f.StepForm]
    applies: Callable[[Answers], bool] = _always


@dataclass(frozen=True)
class Journey:
    name: str
    kind: CaseKind
    title: str | Promise  # the caption on each of its pages
    sent_title: str | Promise  # the confirmation page's heading
    steps: tuple[Step, ...] = field(default_factory=tuple)

    @property
    def session_key(self) -> str:
        return f"portal:{self.name}"

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)

    def applicable(self, answers: Answers) -> list[Step]:
        return [step for step in self.steps if step.applies(answers)]

    def next_step(self, current: Step, answers: Answers) -> Step | None:
        steps = self.applicable(answers)
        later = steps[steps.index(current) + 1 :] if current in steps else steps
        return later[0] if later else None

    def previous_step(self, current: Step, answers: Answers) -> Step | None:
        steps = self.applicable(answers)
        earlier = steps[: steps.index(current)] if current in steps else []
        return earlier[-1] if earlier else None

    def first_unanswered(self, answers: Answers) -> Step | None:
        return next((step for step in self.applicable(answers) if step.slug not in answers), None)


COMPLAINT = Journey(
    name="complaint",
    kind=CaseKind.COMPLAINT,
    title=_("Make a complaint"),
    sent_title=_("Complaint sent"),
    steps=(
        Step("who", f.WhoForm),
        Step("someone-else", f.SomeoneElseForm, _for_someone_else),
        Step("service", f.ServiceForm),
        Step("what-happened", f.WhatHappenedForm),
        Step("when", f.WhenForm),
        Step("where", f.WhereForm),
        Step("evidence", f.EvidenceForm),
        Step("put-right", f.PutRightForm),
        Step("name", f.NameForm),
        Step("contact", f.ContactForm),
        Step("help", f.HelpForm),
    ),
)
COMMENT = Journey(
    name="comment",
    kind=CaseKind.COMMENT,
    title=_("Send us a comment"),
    sent_title=_("Comment sent"),
    steps=(Step("service", f.CommentServiceForm), Step("message", f.CommentForm), Step("reply", f.ReplyForm)),
)
COMPLIMENT = Journey(
    name="compliment",
    kind=CaseKind.COMPLIMENT,
    title=_("Pay a compliment"),
    sent_title=_("Compliment sent"),
    steps=(Step("service", f.ComplimentServiceForm), Step("message", f.ComplimentForm), Step("reply", f.ReplyForm)),
)
JOURNEYS = {journey.name: journey for journey in (COMPLAINT, COMMENT, COMPLIMENT)}


# --- the session -----------------------------------------------------------------------------------------------


def answers_in(session: SessionBase, journey: Journey) -> Answers:
    return dict(session.get(journey.session_key, {}).get("answers", {}))


def save_answers(session: SessionBase, journey: Journey, step: Step, values: dict[str, Any]) -> None:
    state = dict(session.get(journey.session_key, {}))
    answers = dict(state.get("answers", {}))
    answers[step.slug] = values
    state["answers"] = answers
    session[journey.session_key] = state


def submission_token(session: SessionBase, journey: Journey) -> str:
    """The token for this set of answers: issued once, sent back with "Check your answers"."""
    state = dict(session.get(journey.session_key, {}))
    if not state.get("token"):
        state["token"] = secrets.token_urlsafe(32)
        session[journey.session_key] = state
    return str(state["token"])


def finish(session: SessionBase, journey: Journey, reference: str) -> None:
    """Forget the answers (they are on the case now) and remember only the reference for the confirmation.

    The case and its submission receipt are committed first: if a crash of the database server takes this change
    back, the answers and their token are still here, and sending them again shows the same case. So its save need
    not wait for the disk (`core.sessions`)."""
    session.pop(journey.session_key, None)
    session[f"{journey.session_key}:sent"] = reference
    save_may_be_lost(session)


def sent_reference(session: SessionBase, journey: Journey) -> str | None:
    value = session.get(f"{journey.session_key}:sent")
    return str(value) if value else None
