"""The Complaint Handling Code's provisions, sections 1 to 9, that seed each year's self-assessment (docs/rules.md).

Each requirement is paraphrased from the Housing Ombudsman's Complaint Handling Code 2024 (whose numbering the
LGSCO Code follows for most provisions). Where a row's paragraph number is not certain, its source names the Code's
section instead: check the number against the published Code before approving. Rows can be reworded, and more
added, in the administration pages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provision:
    section: int
    provision: str
    requirement: str
    source: str


SECTIONS = {
    1: "Definition of a complaint",
    2: "Exclusions",
    3: "Accessibility and awareness",
    4: "Complaint handling staff",
    5: "The complaint handling process",
    6: "Complaint stages",
    7: "Putting things right",
    8: "Self-assessment, reporting and compliance",
    9: "Scrutiny and oversight",
}

P = Provision
CODE_PROVISIONS: tuple[Provision, ...] = (
    # 1. Definition of a complaint
    P(
        1,
        "1.2",
        "Use the Code's definition of a complaint: an expression of dissatisfaction, however made, about the "
        "standard of service, actions or lack of action by the organisation, its staff or those acting for "
        "it, affecting an individual or group.",
        "Complaint Handling Code 2024, paragraph 1.2; LGSCO Code, paragraph 1.4",
    ),
    P(
        1,
        "1.3",
        'People need not use the word "complaint": whenever dissatisfaction is expressed they are offered the'
        " choice to complain, and complaints made through a representative follow the same policy.",
        "Complaint Handling Code 2024, paragraph 1.3",
    ),
    P(
        1,
        "1.4",
        "A service request is not a complaint, but is recorded, monitored and reviewed regularly; the policy "
        "explains the difference.",
        "Complaint Handling Code 2024, paragraph 1.4",
    ),
    P(
        1,
        "1.5",
        "A complaint is raised when someone is unhappy with the response to a service request, even while the"
        " request is still being dealt with, and work on the request does not stop.",
        "Complaint Handling Code 2024, paragraph 1.5",
    ),
    # 2. Exclusions
    P(
        2,
        "2.1",
        "Accept a complaint unless there is a valid reason not to, consider each on its merits, and be able "
        "to evidence the reasoning.",
        "Complaint Handling Code 2024, paragraph 2.1",
    ),
    P(
        2,
        "2.2",
        "The policy sets out, fairly, when a matter will not be considered, for example an issue over 12 "
        "months old, legal proceedings already started, or a matter already considered under the policy.",
        "Complaint Handling Code 2024, paragraph 2.2",
    ),
    P(
        2,
        "2.3",
        "Accept complaints made within 12 months of the issue or of the person becoming aware of it, and use "
        "discretion beyond that where there is good reason.",
        "Complaint Handling Code 2024, paragraph 2.3; LGSCO Code, paragraph 2.2",
    ),
    P(
        2,
        "2.4",
        "When a complaint is not accepted, explain why and tell the person they can take that decision to the"
        " Ombudsman.",
        "LGSCO Complaint Handling Code, paragraph 2.4",
    ),
    P(
        2,
        "2.5",
        "Do not apply blanket exclusions.",
        "LGSCO Complaint Handling Code, paragraph 2.5",
    ),
    # 3. Accessibility and awareness
    P(
        3,
        "3.1",
        "Offer more than one way to complain, consider Equality Act 2010 duties and anticipate reasonable adjustments.",
        "Complaint Handling Code 2024, paragraph 3.1",
    ),
    P(
        3,
        "3.2",
        "Complaints can be made in any way and to any member of staff.",
        "Complaint Handling Code 2024, paragraph 3.2",
    ),
    P(
        3,
        "3.3",
        "A high number of complaints is not treated as a negative in itself.",
        "Complaint Handling Code 2024, paragraph 3.3",
    ),
    P(
        3,
        "3.4",
        "Publish the complaints policy on the website in a clear, accessible format, with its stages and timescales.",
        "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    ),
    P(
        3,
        "3.5",
        "Let people have a representative deal with their complaint, and be accompanied at any meeting.",
        "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    ),
    P(
        3,
        "3.6",
        "Tell people about their right to go to the Ombudsman.",
        "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    ),
    P(
        3,
        "3.7",
        "Where feedback surveys are run, tell people in them how to complain.",
        "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    ),
    # 4. Complaint handling staff
    P(
        4,
        "4.1",
        "A person or team (the complaints officer) is responsible for complaint handling, including liaison "
        "with the Ombudsman and reporting to the governing body.",
        "Complaint Handling Code 2024, paragraph 4.1",
    ),
    P(
        4,
        "4.2",
        "That person or team has access to staff at all levels and the authority to resolve complaints "
        "promptly and fairly.",
        "Complaint Handling Code 2024, paragraph 4.2",
    ),
    P(
        4,
        "4.3",
        "Complaint handling is prioritised, relevant staff are trained, and it is resourced as a core service.",
        "Complaint Handling Code 2024, paragraph 4.3",
    ),
    # 5. The complaint handling process
    P(
        5,
        "5.1",
        "One complaints policy; complainants are not treated differently.",
        "Complaint Handling Code 2024, paragraph 5.1",
    ),
    P(
        5,
        "5.2",
        'No extra named stages, such as "stage 0" or an "informal complaint".',
        "Complaint Handling Code 2024, paragraph 5.2",
    ),
    P(
        5,
        "5.3",
        "Never more than two stages.",
        "Complaint Handling Code 2024, paragraph 5.3",
    ),
    P(
        5,
        "5.4",
        "Third parties handling complaints for the organisation (contractors, adjudicators) work within the "
        "same two-stage process.",
        "Complaint Handling Code 2024, paragraph 5.4",
    ),
    P(
        5,
        "5.5",
        "The organisation stays responsible for third parties' compliance with the Code.",
        "Complaint Handling Code 2024, paragraph 5.5",
    ),
    P(
        5,
        "5.6",
        "When a complaint is logged at stage 1 or escalated to stage 2, record the organisation's "
        "understanding of the complaint and the outcome wanted (the complaint definition), asking for "
        "clarification if unclear.",
        "Complaint Handling Code 2024, paragraph 5.6",
    ),
    # 6. Complaint stages
    P(
        6,
        "6.1",
        "Decide early which complaints can be answered quickly and which need investigation, considering "
        "complexity and any vulnerability or risk.",
        "Complaint Handling Code 2024, paragraph 6.1",
    ),
    P(
        6,
        "6.2",
        "Acknowledge, define and log stage 1 complaints within 5 working days of receipt.",
        "Complaint Handling Code 2024, paragraph 6.2",
    ),
    P(
        6,
        "6.3",
        "Send the full stage 1 response within 10 working days of acknowledgement.",
        "Complaint Handling Code 2024, paragraph 6.3",
    ),
    P(
        6,
        "6.4",
        "Extend stage 1 only where needed, telling the person the new timescale and why; no more than 10 "
        "working days without good reason.",
        "Complaint Handling Code 2024, paragraph 6.4",
    ),
    P(
        6,
        "6.5",
        "When telling someone of an extension, give the Ombudsman's contact details.",
        "Complaint Handling Code 2024, paragraph 6.5",
    ),
    P(
        6,
        "6.6",
        "Respond when the answer is known, not when follow-up actions are done; track outstanding actions and"
        " keep the person updated.",
        "Complaint Handling Code 2024, paragraph 6.6",
    ),
    P(
        6,
        "6.7",
        "Address every point raised, with clear reasons citing policy, law or good practice.",
        "Complaint Handling Code 2024, paragraph 6.7",
    ),
    P(
        6,
        "6.8",
        "Include further related issues raised during stage 1 if the response is not yet sent; otherwise log "
        "a new complaint.",
        "Complaint Handling Code 2024, section 6 (complaint stages)",
    ),
    P(
        6,
        "6.9",
        "Give the stage 1 response in writing, in plain language: the stage, the decision and reasons, any "
        "remedy, outstanding actions and how to escalate.",
        "Complaint Handling Code 2024, section 6 (complaint stages)",
    ),
    P(
        6,
        "6.10",
        "A complaint not fully resolved at stage 1 goes to stage 2, which is the final response.",
        "Complaint Handling Code 2024, paragraph 6.10",
    ),
    P(
        6,
        "6.11",
        "Acknowledge, define and log stage 2 within 5 working days of the escalation request.",
        "Complaint Handling Code 2024, paragraph 6.11",
    ),
    P(
        6,
        "6.12",
        "Do not require the person to give reasons for escalating.",
        "Complaint Handling Code 2024, paragraph 6.12",
    ),
    P(
        6,
        "6.13",
        "Stage 2 is handled by someone other than the stage 1 handler.",
        "Complaint Handling Code 2024, paragraph 6.13",
    ),
    P(
        6,
        "6.14",
        "Send the stage 2 final response within 20 working days of the stage 2 acknowledgement.",
        "Complaint Handling Code 2024, section 6 (complaint stages)",
    ),
    P(
        6,
        "6.15",
        "Extend stage 2 by no more than 20 working days without good reason, telling the person why and when.",
        "Complaint Handling Code 2024, section 6 (complaint stages)",
    ),
    P(
        6,
        "6.17",
        "Give the stage 2 response in writing: the decision and reasons, any remedy, outstanding actions and "
        "how to go to the Ombudsman.",
        "Complaint Handling Code 2024, section 6 (complaint stages)",
    ),
    # 7. Putting things right
    P(
        7,
        "7.1",
        "Acknowledge failings and put things right, using the Code's remedies: apology, acknowledgement, "
        "explanation, action on delay, reconsidering a decision, correcting a record, a financial remedy, or "
        "changing policy or practice.",
        "Complaint Handling Code 2024, paragraph 7.1",
    ),
    P(
        7,
        "7.2",
        "Remedies reflect the impact of the failing on the person.",
        "Complaint Handling Code 2024, paragraph 7.2",
    ),
    P(
        7,
        "7.3",
        "A remedy says what will happen and by when, is agreed where appropriate, and is followed through to "
        "completion.",
        "Complaint Handling Code 2024, paragraph 7.3",
    ),
    P(
        7,
        "7.4",
        "Take account of the Ombudsman's remedies guidance.",
        "Complaint Handling Code 2024, paragraph 7.4",
    ),
    # 8. Self-assessment, reporting and compliance
    P(
        8,
        "8.1",
        "Produce an annual complaints performance and service improvement report: the self-assessment, "
        "analysis of performance including the types of complaints refused, findings of non-compliance, "
        "service improvements, and the Ombudsman's annual letter.",
        "Complaint Handling Code 2024, paragraph 8.1",
    ),
    P(
        8,
        "8.2",
        "Report to the governing body and publish the report on the website with the governing body's response.",
        "Complaint Handling Code 2024, section 8 (self-assessment, reporting and compliance)",
    ),
    P(
        8,
        "8.3",
        "Self-assess again after a significant restructure, merger or business-continuity event.",
        "Complaint Handling Code 2024, section 8 (self-assessment, reporting and compliance)",
    ),
    P(
        8,
        "8.4",
        "Where the policy does not comply, explain in the self-assessment and give a date for compliance; in "
        "exceptional circumstances tell the Ombudsman and residents, and publish a timescale.",
        "Complaint Handling Code 2024, section 8 (self-assessment, reporting and compliance)",
    ),
    # 9. Scrutiny and oversight
    P(
        9,
        "9.1",
        "Look beyond the individual complaint for service improvements.",
        "Complaint Handling Code 2024, paragraph 9.1",
    ),
    P(
        9,
        "9.2",
        "Use complaints as a source of intelligence.",
        "Complaint Handling Code 2024, paragraph 9.2",
    ),
    P(
        9,
        "9.3",
        "Report wider learning to stakeholders such as residents' panels, staff and committees.",
        "Complaint Handling Code 2024, paragraph 9.3",
    ),
    P(
        9,
        "9.4",
        "A suitably senior person oversees complaint-handling performance and assesses themes and trends for "
        "systemic issues and risks.",
        "LGSCO Complaint Handling Code, paragraph 9.4",
    ),
    P(
        9,
        "9.5",
        "A Member Responsible for Complaints (an individual or a committee) has lead responsibility in the "
        "governing body.",
        "Complaint Handling Code 2024, paragraph 9.5; LGSCO Code, paragraph 9.5",
    ),
    P(
        9,
        "9.6",
        "The Member Responsible for Complaints has access to all complaint data, reports, case files and staff.",
        "Complaint Handling Code 2024, section 9 (scrutiny and oversight)",
    ),
    P(
        9,
        "9.7",
        "The governing body receives regular updates on the volume, categories and outcomes of complaints and"
        " on complaint-handling performance, including compliance with Ombudsman orders, reviews issues and "
        "trends, and receives the annual report.",
        "Complaint Handling Code 2024, paragraph 9.7; LGSCO Code, paragraphs 9.6 and 9.7",
    ),
)
