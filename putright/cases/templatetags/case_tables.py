"""`{% case_table_rows rows rag_labels %}`: the rows of a cases table (cases/_case_rows.html), written in Python.

A queue page shows 25 rows of a dozen values each, and Django's template engine took about half of the page's
time to lay them out (each value looked up, filtered and escaped through several calls, a `reverse()` for each
link). Here each row is one string, every value escaped as the template escaped it; the HTML is the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.safestring import SafeString, mark_safe

from putright.cases.models import kind_label, status_label
from putright.cases.selectors import CaseRow
from putright.core.fixed_urls import text_argument_urls
from putright.core.templatetags.govuk import rag_tag
from putright.core.text import escaped as escape

register = template.Library()

_ROW = (
    '\n    <tr class="govuk-table__row">'
    '\n      <td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="{url}">{reference}</a></td>'
    '\n      <td class="govuk-table__cell">{customer}<br><span class="govuk-body-s">{title}</span></td>'
    '\n      <td class="govuk-table__cell">{service}<br><span class="govuk-body-s">{lead}</span></td>'
    '\n      <td class="govuk-table__cell">{stage}{status}<br><span class="govuk-body-s">{kind}</span></td>'
    '\n      <td class="govuk-table__cell">{due}<strong class="govuk-tag {rag_class} app-rag">{rag_label}</strong>'
    "{waiting}</td>"
    "\n    </tr>\n    "
)
_NO_ROWS = (
    '\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">No cases match.</td></tr>\n    '
)
_WAITING = ' <strong class="govuk-tag govuk-tag--pink app-rag">Customer waiting</strong>'


@register.simple_tag
def case_table_rows(rows: Iterable[tuple[CaseRow, str]], rag_labels: Mapping[str, str]) -> SafeString:
    """Each (case, RAG rating) as a table row, or one row saying none match."""
    # A page's cases share a few due dates, statuses and kinds: each written once (in the active language).
    dates: dict[date, str] = {}
    labels: dict[tuple[str, str], str] = {}
    url = text_argument_urls("cases:detail")

    def due_date(day: date) -> str:
        if day not in dates:
            dates[day] = escape(date_filter(day, "j M Y"))
        return dates[day]

    def status(value: str) -> str:
        if ("status", value) not in labels:
            labels["status", value] = escape(status_label(value))
        return labels["status", value]

    def kind(value: str) -> str:
        if ("kind", value) not in labels:
            labels["kind", value] = escape(kind_label(value))
        return labels["kind", value]

    written = [
        _ROW.format(
            url=escape(url(case.reference)),
            reference=escape(case.reference),
            customer=escape(case.customer_name or "No customer recorded"),
            title=escape(case.title),
            service=escape(case.service_name),
            lead=escape(case.lead_officer_name or "No lead officer"),
            stage=f"Stage {case.stage_number} · " if case.stage_number is not None else "",
            status=status(case.status),
            kind=kind(case.kind),
            due=(
                f'{due_date(case.next_due_date)}<br><span class="govuk-body-s">{escape(case.next_due_label)}</span><br>'
                if case.next_due_date
                else ""
            ),
            rag_class=escape(rag_tag(rag)),
            rag_label=escape(rag_labels.get(rag, "")),
            waiting=_WAITING if case.customer_waiting else "",
        )
        for case, rag in rows
    ]
    return mark_safe("".join(written) or _NO_ROWS)  # noqa: S308 - every value above is escaped
