"""Each answered demo stage gets the response words of its own complaint's scenario.

The bulk seeder answers every stage with words true of any complaint (`text.OUTCOME_REASONS`); this gives each
the findings of the category its complaint was written from (`text.FINDINGS`), so a response letter about a missed
bin talks about bins, not repairs. Stages answered by the app's own actions (the triage and showcase examples) keep
what their officer wrote. A handful of queries, whatever the number of cases; `seed_demo` has the seeder give its
rows these words before they are written (`match_stages`), so that then there is nothing left to change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from django.db import transaction

from putright.cases.models import Stage
from putright.demo import text

CHUNK = 900  # ids in one UPDATE, under every database's limit on query parameters


@cache
def seeded_reasons() -> frozenset[str]:
    """The seeder's first words for a response, which this replaces."""
    return frozenset(reasons for choices in text.OUTCOME_REASONS.values() for reasons in choices)


def scenario_words(category: str, outcome: str) -> str:
    """The reasons a response gives for `outcome` to a complaint about `category` ("" if the demo has none)."""
    found = text.FINDINGS.get(category)
    return found.reasons(outcome) if found and outcome in text.OUTCOME_REASONS else ""


@cache  # a few dozen answers, asked for every seeded stage
def scenario_response(category: str, outcome: str, outstanding: str) -> tuple[str, str] | None:
    """What a seeded response (answering `outcome`, with `outstanding` actions or none) to a complaint about
    `category` says instead: its reasons and what is still to do; None when the demo has no words for it."""
    reasons = scenario_words(category, outcome)
    if not reasons:
        return None
    return reasons, text.FINDINGS[category].to_do if outstanding else ""


def match_stages(stages: Iterable[Stage], category: str) -> None:
    """Give unsaved seeded stages of a complaint about `category` their scenario's words, as
    `match_responses_to_complaints` would after they are written (the seeder's `finished` rows)."""
    seeded = seeded_reasons()
    for stage in stages:
        if stage.outcome in text.OUTCOME_REASONS and stage.outcome_reasons in seeded:
            response = scenario_response(category, stage.outcome, stage.outstanding_actions)
            if response is not None:
                stage.outcome_reasons, stage.outstanding_actions = response


@transaction.atomic
def match_responses_to_complaints() -> int:
    """Give every seeded response its scenario's reasons (and what is still to do); the number of stages changed."""
    rows = (
        Stage.objects.filter(outcome__in=list(text.OUTCOME_REASONS), outcome_reasons__in=sorted(seeded_reasons()))
        .values_list("pk", "outcome", "outstanding_actions", "case__categories__name")
        .order_by("pk")
    )
    changes: dict[tuple[str, str], list[int]] = defaultdict(list)
    last, changed = 0, 0
    # Streamed in pk order (a million-case seed has hundreds of thousands of answered stages): a case with two
    # categories gives its stage twice in a row, and the first category answers.
    for pk, outcome, outstanding, category in rows.iterator(chunk_size=10_000):
        response = scenario_response(category or "", outcome, outstanding)
        if response is None or pk == last:
            continue
        last, changed = pk, changed + 1
        changes[response].append(pk)
    for (reasons, to_do), pks in changes.items():
        for start in range(0, len(pks), CHUNK):
            Stage.objects.filter(pk__in=pks[start : start + CHUNK]).update(
                outcome_reasons=reasons, outstanding_actions=to_do
            )
    return changed
