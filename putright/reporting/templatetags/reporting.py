"""Showing figures the same way on every report page."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from putright.core.periods import Period
from putright.reporting.queries import Row, Share

register = template.Library()


@register.filter
def number(value: object) -> object:
    """A count as a report prints it, with thousands separators ("1,234"; money "1,234.50"); anything else as it is.
    Reports name years and stages as plain numbers, so the separators are asked for figure by figure."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return value
    return f"{value:,}"


@register.filter
def share(value: Share) -> str:
    """ "75% (3 of 4)", or "none" when there is nothing to divide by."""
    if value.percent is None:
        return "none"
    percent = f"{value.percent:g}"
    return f"{percent}% ({value.numerator:,} of {value.denominator:,})"


@register.filter
def numeric_cells(counts: Iterable[int]) -> SafeString:
    """A table cell for each count, as `<td class="govuk-table__cell govuk-table__cell--numeric">{{ count }}</td>`
    would give each in turn (the hotspots' earlier periods: a row of several for every ward, category and service)."""
    return mark_safe(  # noqa: S308 - whole numbers only
        "".join(f'<td class="govuk-table__cell govuk-table__cell--numeric">{int(count)}</td>' for count in counts)
    )


@register.filter
def figure(value: object) -> str:
    return "not available" if value is None else str(value)


@register.filter
def get_count(counts: dict[str, int], key: str) -> int:
    return counts.get(key, 0)


@register.filter
def period_label(value: Period) -> str:
    """A period's own name ("2025-26 quarter 2"), or its dates when it has none."""
    if value.label:
        return value.label
    return f"{value.start:%d %b %Y} to {value.end:%d %b %Y}"


# Bar chart geometry, in SVG user units (the chart scales to its container's width).
CHART_WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 50
ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_LENGTH = 32


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…"


def bar_labels(labels: list[str]) -> list[str]:
    """Each bar's label, shortened to fit beside it and never two alike (the table below gives each in full).

    Services are named "Directorate: Service": when one is too long, every bar drops its directorate. Where
    shortening still makes two the same, each keeps its start and its end ("Environment a…Pest control").
    """
    short = labels
    if any(len(label) > LABEL_LENGTH for label in labels) and all(": " in label for label in labels):
        short = [label.partition(": ")[2] for label in labels]
    short = [_cut(label) for label in short]
    half = (LABEL_LENGTH - 1) // 2
    return [
        label[:half].rstrip() + "…" + label[-(LABEL_LENGTH - 1 - half) :].lstrip() if short.count(cut) > 1 else cut
        for label, cut in zip(labels, short, strict=True)
    ]


def _drawn(bars: list[dict[str, Any]]) -> SafeString:
    """The bars' SVG, written here rather than by a loop in the template: a chart has a bar for each service, ward
    or category, and each bar's eight figures would otherwise be looked up and formatted one by one on every view."""
    return mark_safe(  # noqa: S308 - every value is a number from `bar_chart` or an escaped label
        "".join(
            f'\n    <text x="{LABEL_WIDTH - 8}" y="{bar["text_y"]}" text-anchor="end" fill="#0b0c0c">'
            f"{conditional_escape(bar['label'])}</text>"
            f'\n    <rect x="{LABEL_WIDTH}" y="{bar["y"]}" width="{bar["width"]}" height="{BAR_HEIGHT}" fill="#1d70b8">'
            "</rect>"
            f'\n    <text x="{bar["value_x"]}" y="{bar["text_y"]}" fill="#0b0c0c">{bar["count"]}</text>\n    '
            for bar in bars
        )
    )


@register.inclusion_tag("reporting/_bar_chart.html")
def bar_chart(rows: list[Row], title: str) -> dict[str, object]:
    """A horizontal bar chart of `rows`, drawn on the server as SVG; the data table that follows it is the
    accessible version, so the chart is one image with a title and a description."""
    largest = max((row.count for row in rows), default=0)
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    labels = bar_labels([row.label for row in rows])
    for index, row in enumerate(rows):
        width = round(room * row.count / largest, 1) if largest else 0
        label = labels[index]
        top = index * ROW_HEIGHT
        bars.append(
            {
                "label": label,
                "count": row.count,
                "y": top + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                "text_y": top + ROW_HEIGHT / 2 + 5,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    busiest = max(rows, key=lambda row: row.count) if rows else None
    description = f"Largest: {busiest.label}, {busiest.count}. The table below gives every figure." if busiest else ""
    return {
        "title": title,
        "description": description,
        "bars": bars,
        "drawn_bars": _drawn(bars),
        "id": f"chart-{slugify(title)}",
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * ROW_HEIGHT,
        "bar_x": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
    }
