"""`{% timeline_items events %}`: the case page's timeline entries (cases/case/timeline.html), written in Python.

A page of the timeline is up to thirty entries of five values each, and the template engine took about three
hundred calls an entry to look each up and escape it. Here each entry is one string, every value escaped as the
template escaped it; the HTML is the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe

from putright.cases.models import TimelineEvent
from putright.core.text import escaped as escape

register = template.Library()

_ITEM = (
    '\n  <div class="moj-timeline__item">'
    '\n    <div class="moj-timeline__header">'
    '\n      <h3 class="moj-timeline__title">{kind}</h3>'
    '\n      <p class="moj-timeline__byline">by {actor}{shown}</p>'
    "\n    </div>"
    '\n    <p class="moj-timeline__date"><time datetime="{iso}">{time}</time></p>'
    '\n    <div class="moj-timeline__description app-timeline__body">{summary}</div>'
    "\n  </div>\n  "
)
_SHOWN = " · shown to the customer"


@register.simple_tag
def timeline_items(events: Iterable[TimelineEvent]) -> SafeString:
    """Each event as a timeline entry: what happened, by whom, when, and what was said."""
    written = []
    for event in events:
        when, actor = event.local_time, event.actor
        written.append(
            _ITEM.format(
                kind=escape(str(event.get_kind_display())),
                actor=escape(str(actor)) if actor else "the system",
                shown=_SHOWN if event.is_visible_to_customer else "",
                iso=escape(when.isoformat()),
                time=escape(event.shown_time),
                summary=escape(str(event.summary)),
            )
        )
    return mark_safe("".join(written))  # noqa: S308 - every value above is escaped
