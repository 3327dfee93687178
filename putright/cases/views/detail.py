"""The case page: what is due and the next action first, then summary, people, deadlines, actions and the timeline.

The page is one include per section (templates/cases/case/), so a new section is one line in detail.html.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from putright.cases import lifecycle
from putright.cases.access import can_act, can_record_contribution, get_case_for
from putright.cases.first_screen import due_items, late_reply, next_action
from putright.cases.hazards.selectors import hazard_section
from putright.cases.models import CustomerRequest, LateComplaintDecision
from putright.cases.page_contents import case_page_read, page_contents
from putright.cases.requests import requests_for_page
from putright.cases.selectors import (
    Rag,
    case_categories,
    case_links,
    case_stages,
    due_soon_limit,
    rag_for,
    time_limit,
    timeline_page,
)
from putright.cases.split_parts import CaseLinks, links_of, split_summary
from putright.cases.views._common import page_number, querystring_without_page
from putright.core.fixed_urls import text_argument_urls
from putright.core.views import SignedInRequest, staff_view

# Actions offered on every case page (they do not change the status).
GENERAL_ACTIONS = [
    ("progress-update", "Send a progress update"),
    ("call", "Log a call"),
    ("note", "Add a note"),
    ("lead-officer", "Change lead officer"),
    ("definition", "Change complaint definition"),
    ("contribution", "Ask a service to contribute"),
    ("remedy", "Add a remedy"),
    ("link", "Link to another case"),
    ("categories", "Choose categories"),
    ("representative", "Add a representative"),
    ("adjustment", "Record a reasonable adjustment"),
    ("vulnerability", "Record a vulnerability"),
]
STATUS_ACTIONS = [
    ("acknowledge", "Acknowledge"),
    ("start_investigation", "Start investigation"),
    ("respond", "Record response"),
    ("extend", "Extend deadline"),
    ("escalate", "Escalate"),
    ("close", "Close"),
    ("decline", "Decline"),
    ("withdraw", "Withdrawn by customer"),
    ("reopen", "Reopen"),
    ("split", "Split"),
    ("merge", "Merge"),
]


@staff_view
def case_detail(request: SignedInRequest, reference: str) -> HttpResponse:
    user = request.user
    # The case and which of its page's sections have anything, in one read: a section with nothing is shown empty
    # without its own read.
    case = get_case_for(user, reference, "view", read=case_page_read)
    if case.reference != reference:
        return redirect("cases:detail", reference=case.reference)
    may_act = can_act(user, case)
    has = page_contents(case)
    contributions = (
        list(case.contributions.select_related("service_area", "requested_from")) if has.contributions else []
    )
    today = timezone.localdate()
    links = links_of(case, user) if has.links else CaseLinks([], [], set())
    split = split_summary(case, links)
    together = split["answered_with"] is not None  # a part answered together owes nothing of its own
    allowed = set(lifecycle.allowed_actions(case, answered_together=together))
    requests = requests_for_page(case, has_any=has.customer_requests)
    waiting = requests.waiting
    stages = case_stages(case, remedies=has.remedies)
    suggested = next_action(case, allowed, waiting) if may_act else None
    # The suggested action is the page's main button; the menu offers the others the status allows. Each as its
    # address and label, the addresses kept once reversed (core/fixed_urls.py); the menus are shown to those who
    # may act.
    action_url = text_argument_urls("cases:action")
    status_actions = [
        (action_url(case.reference, name.replace("_", "-")), label)
        for name, label in STATUS_ACTIONS
        if name in allowed and (suggested is None or name.replace("_", "-") != suggested.slug)
    ]
    general_actions = [(action_url(case.reference, slug), label) for slug, label in GENERAL_ACTIONS] if may_act else []
    customer = case.customer
    events = timeline_page(case, page_number(request))
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "customer": customer,
            "adjustments": list(customer.adjustments.all()) if customer and has.adjustments else [],
            "vulnerabilities": list(customer.vulnerabilities.all()) if customer and has.vulnerabilities else [],
            "representative": case.representative,
            "stages": stages,
            "due_items": due_items(case, stages, contributions, waiting, today, answered_together=together, has=has),
            "next_action": suggested,
            "late_reply": late_reply(case, stages, today, answered_together=together),
            "rag": rag_for(case.next_due_date, today, due_soon_limit(today)),
            "rag_labels": Rag.LABELS,
            "categories": case_categories(case),
            "contributions": contributions,
            "overdue_contributions": [c for c in contributions if c.is_overdue_on(today)],
            "recordable": {item.pk for item in contributions if can_record_contribution(user, case, item, may_act)},
            "links": case_links(links),
            "split": split,
            "events": events.rows,
            "page_obj": events,
            "querystring_without_page": querystring_without_page(request),
            "status_actions": status_actions,
            "general_actions": general_actions,
            "today": today,
            "time_limit": time_limit(case),
            # Shown beside when the matter happened, so only read when that is recorded.
            "late_decision": (
                LateComplaintDecision.objects.filter(case=case).select_related("decided_by").first()
                if case.matter_date
                else None
            ),
            "waiting_requests": waiting,
            # A customer waiting for the next stage of a case that cannot be escalated (answered at its final stage,
            # say): why not, instead of offering the escalation the action would refuse.
            "cannot_escalate": (
                lifecycle.unavailable_reason(case, "escalate")
                if "escalate" not in allowed and any(item.kind == CustomerRequest.Kind.ESCALATION for item in waiting)
                else ""
            ),
            "callbacks": requests.callbacks,
            "may_act": may_act,
            "hazards": hazard_section(case, has_hazards=has.hazards),
            # For the sections' template tags, so each reads its rows only when there are some.
            "has": has,
        },
    )
