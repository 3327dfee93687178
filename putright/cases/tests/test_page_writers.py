"""The parts of staff pages written in Python rather than by a template loop (a queue's rows, the timeline, the
filters' options, `|date`, kept addresses) give the same HTML the templates gave, every value escaped."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.template import Context, Template, defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

from putright.cases.choices import CaseKind, CaseStatus, EventKind
from putright.cases.forms import QueueFilterForm
from putright.cases.models import TimelineEvent
from putright.cases.queue_filters import FilterOptions
from putright.cases.selectors import CaseRow, Rag
from putright.core.fixed_urls import fixed_static, text_argument_url, text_argument_urls
from putright.core.templatetags.dates import date as kept_date
from putright.organisation.models import User

# The templates' loops as they were before the rows were written in Python.
ROWS_AS_TEMPLATE = """{% load govuk %}
    {% for case, rag in rows %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="{% url 'cases:detail' case.reference %}">{{ case.reference }}</a></td>
      <td class="govuk-table__cell">{{ case.customer_name|default:"No customer recorded" }}<br><span class="govuk-body-s">{{ case.title }}</span></td>
      <td class="govuk-table__cell">{{ case.service_name }}<br><span class="govuk-body-s">{{ case.lead_officer_name|default:"No lead officer" }}</span></td>
      <td class="govuk-table__cell">{% if case.stage_number is not None %}Stage {{ case.stage_number }} · {% endif %}{{ case.status_label }}<br><span class="govuk-body-s">{{ case.kind_label }}</span></td>
      <td class="govuk-table__cell">{% if case.next_due_date %}{{ case.next_due_date|date:"j M Y" }}<br><span class="govuk-body-s">{{ case.next_due_label }}</span><br>{% endif %}<strong class="govuk-tag {% rag_tag rag %} app-rag">{{ rag_labels|get_item:rag }}</strong>{% if case.customer_waiting %} <strong class="govuk-tag govuk-tag--pink app-rag">Customer waiting</strong>{% endif %}</td>
    </tr>
    {% empty %}
    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">No cases match.</td></tr>
    {% endfor %}
"""  # noqa: E501
ROWS_NOW = "{% load case_tables %}\n    {% case_table_rows rows rag_labels %}\n"
TIMELINE_AS_TEMPLATE = """
  {% for event in events %}
  <div class="moj-timeline__item">
    <div class="moj-timeline__header">
      <h3 class="moj-timeline__title">{{ event.get_kind_display }}</h3>
      <p class="moj-timeline__byline">by {{ event.actor|default:"the system" }}{% if event.is_visible_to_customer %} · shown to the customer{% endif %}</p>
    </div>
    <p class="moj-timeline__date"><time datetime="{{ event.local_time.isoformat }}">{{ event.shown_time }}</time></p>
    <div class="moj-timeline__description app-timeline__body">{{ event.summary }}</div>
  </div>
  {% endfor %}
"""  # noqa: E501
TIMELINE_NOW = "{% load timeline %}\n  {% timeline_items events %}\n"
AWKWARD = 'O\'Brien & <Sons> "quoted"'


def _row(**changes: object) -> CaseRow:
    values: dict[str, object] = {
        "pk": 1,
        "reference": "PR-2026-00001",
        "title": AWKWARD,
        "kind": CaseKind.COMPLAINT,
        "status": CaseStatus.RECEIVED,
        "received_at": datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        "next_due_date": date(2026, 3, 16),
        "next_due_label": "Respond <stage 1>",
        "customer_name": AWKWARD,
        "service_name": "Repairs & maintenance",
        "lead_officer_name": "Ann 'Lead' Officer",
        "stage_number": 1,
        "customer_waiting": True,
    }
    values.update(changes)
    return CaseRow(**values)  # type: ignore[arg-type]


def _render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_a_queues_rows_are_the_html_the_template_gave_every_value_escaped():
    rows = [
        (_row(), Rag.OVERDUE),
        (_row(pk=2, reference="PR-2026-00002", customer_name="", lead_officer_name="", stage_number=None), Rag.NONE),
        (_row(pk=3, next_due_date=None, customer_waiting=False, status=CaseStatus.CLOSED), Rag.ON_TRACK),
        (_row(pk=4, kind="not-a-kind", status="not-a-status"), Rag.DUE_SOON),
    ]
    now = _render(ROWS_NOW, rows=rows, rag_labels=Rag.LABELS)
    assert now == _render(ROWS_AS_TEMPLATE, rows=rows, rag_labels=Rag.LABELS)
    assert "O&#x27;Brien &amp; &lt;Sons&gt; &quot;quoted&quot;" in now
    assert "<Sons>" not in now


def test_a_queue_with_no_rows_says_none_match_as_before():
    assert _render(ROWS_NOW, rows=[], rag_labels=Rag.LABELS) == _render(
        ROWS_AS_TEMPLATE, rows=[], rag_labels=Rag.LABELS
    )


def test_the_timeline_is_the_html_the_template_gave_every_value_escaped():
    actor = User(username="olivia", first_name="Olivia", last_name="O'Hart <x>")
    events = [
        TimelineEvent(
            kind=EventKind.LOGGED, occurred_at=datetime(2026, 3, 2, 9, 5, tzinfo=UTC), summary=AWKWARD, actor=actor
        ),
        TimelineEvent(
            kind=EventKind.LOGGED,
            occurred_at=datetime(2026, 7, 2, 23, 30, tzinfo=UTC),  # summer time: the next day in London
            summary="Line one\nline two",
            is_visible_to_customer=True,
        ),
    ]
    now = _render(TIMELINE_NOW, events=events)
    assert now == _render(TIMELINE_AS_TEMPLATE, events=events)
    assert "by the system · shown to the customer" in now
    assert "O&#x27;Brien &amp; &lt;Sons&gt;" in now


def test_the_filters_options_are_escaped_and_the_chosen_one_selected():
    options = FilterOptions(services=[("waste", "Waste & <recycling>")], procedures=[], service_ids={"waste": 1})
    form = QueueFilterForm(options=options, shown={"service": "waste", "status": "open"})
    written = {field.name: html for field, html in form.selects()}
    assert written["service"] == (
        '<option value="">All services</option><option value="waste" selected>Waste &amp; &lt;recycling&gt;</option>'
    )
    assert '<option value="open" selected>Open</option>' in written["status"]


def test_date_writes_each_date_as_djangos_filter_does_in_each_language():
    for language in ("en", "cy"):
        with translation.override(language):
            for day in (date(2026, 1, 5), date(2024, 11, 22)):
                for layout in ("l j F Y", "j M Y", "j F"):
                    assert kept_date(day, layout) == defaultfilters.date(day, layout)
    with translation.override("cy"):
        assert kept_date(date(2026, 1, 5), "l j F Y") != defaultfilters.date(date(2026, 1, 5), "l j F Y").upper()
        assert kept_date(date(2026, 1, 5), "F") == "Ionawr"
    moment = datetime(2026, 3, 2, 9, 5, tzinfo=UTC)
    assert kept_date(moment, "j F Y H:i") == defaultfilters.date(moment, "j F Y H:i")


def test_kept_addresses_are_the_ones_django_gives():
    for reference in ("PR-2026-00001", "odd ref & ?#%", "ünïcode"):
        assert text_argument_url("cases:detail", reference) == reverse("cases:detail", args=[reference])
    action = text_argument_urls("cases:action")
    for reference, slug in (("PR-2026-00001", "start-investigation"), ("odd ref", "note")):
        assert action(reference, slug) == reverse("cases:action", args=[reference, slug])
    assert fixed_static("app/app.css") == static("app/app.css")
