"""How a stage is named to people: the stage number once, with the rule's own name when it adds something."""

from __future__ import annotations

import pytest

from putright.procedures.models import stage_label


@pytest.mark.parametrize(
    ("number", "name", "label"),
    [
        (2, "Investigation", "Stage 2: Investigation"),
        (2, "Stage 2 (final response)", "Stage 2 (final response)"),
        (2, "Stage 2", "Stage 2"),
        (2, "stage 2", "stage 2"),
        (1, "", "Stage 1"),
        (1, "Stage 10 review", "Stage 1: Stage 10 review"),
    ],
)
def test_stage_label(number, name, label):
    assert stage_label(number, name) == label
