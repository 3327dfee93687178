"""The Complaint Handling Code's provisions, sections 1 to 9, that seed each year's self-assessment (DOMAIN.md §1).

Each requirement is paraphrased from the source cited with it (the Housing Ombudsman Code 2024 numbering, which
the LGSCO Code follows for most provisions). Where the notes give the requirement but not its number, the number
is the Code's likely one and the source says "number UNCONFIRMED": check against the published Code before
approving. Rows can be reworded, and more added, in the administration pages.
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

_HO_FAQ = (
    "https://www.housing-ombudsman.org.uk/landlords-info/complaint-handling-code/complaint-handling-code-2024-faqs/"
)
_LGSCO = (
    "https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/"
    "complaint-handling-code?chapter="
)
_SOUTH_NORFOLK_1 = (
    "https://www.southnorfolkandbroadland.gov.uk/housing/landlords-and-private-rent/"
    "housing-complaint-handling-code-self-assessment-2024/definition-of-a-complaint"
)
_SOUTH_NORFOLK_5 = (
    "https://www.southnorfolkandbroadland.gov.uk/housing/landlords-and-private-rent/"
    "housing-complaint-handling-code-self-assessment-2024/the-complaint-handling-process"
)
_SOUTH_NORFOLK_5_2025 = (
    "https://www.southnorfolkandbroadland.gov.uk/housing/housing-performance/"
    "south-norfolk-housing-complaint-handling-code-self-assessment-2025/the-complaint-handling-process"
)
_OXFORD = "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25/"
_OXFORD_OLD = "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/"
_SLOUGH_4 = "https://www.slough.gov.uk/housing-complaints/housing-ombudsman-complaint-handling-code-self-assessment/4"
_HO_RESIDENTS = "https://housing-ombudsman.org.uk/residents/make-a-complaint/waiting-for-a-final-response"
_HO_SELF_ASSESSMENT = (
    "https://www.housing-ombudsman.org.uk/landlords-info/complaint-handling-code/self-assessment-guidance/"
)
_HO_CODE = "https://housing-ombudsman.org.uk/landlords-info/complaint-handling-code/the-code-2024"
_HO_MRC = (
    "https://www.housing-ombudsman.org.uk/centre-for-learning/key-topics/mrc/member-responsible-for-complaints-faqs/"
)
_UNCONFIRMED = "; number UNCONFIRMED"

P = Provision
CODE_PROVISIONS: tuple[Provision, ...] = (
    # 1. Definition of a complaint (DOMAIN.md §1.2)
    P(
        1,
        "1.2",
        "Use the Code's definition of a complaint: an expression of dissatisfaction, however made, about the "
        "standard of service, actions or lack of action by the organisation, its staff or those acting for it, "
        "affecting an individual or group.",
        _HO_FAQ + " ; LGSCO 1.4 " + _LGSCO + "2",
    ),
    P(
        1,
        "1.3",
        'People need not use the word "complaint": whenever dissatisfaction is expressed they are offered the '
        "choice to complain, and complaints made through a representative follow the same policy.",
        "https://www.great-yarmouth.gov.uk/article/8935/How-a-complaint-is-defined",
    ),
    P(
        1,
        "1.4",
        "A service request is not a complaint, but is recorded, monitored and reviewed regularly; the policy "
        "explains the difference.",
        _SOUTH_NORFOLK_1,
    ),
    P(
        1,
        "1.5",
        "A complaint is raised when someone is unhappy with the response to a service request, even while the "
        "request is still being dealt with, and work on the request does not stop.",
        _SOUTH_NORFOLK_1,
    ),
    # 2. Exclusions (DOMAIN.md §1.3)
    P(
        2,
        "2.1",
        "Accept a complaint unless there is a valid reason not to, consider each on its merits, and be able to "
        "evidence the reasoning.",
        _OXFORD + "3 ; " + _LGSCO + "3",
    ),
    P(
        2,
        "2.2",
        "The policy sets out, fairly, when a matter will not be considered, for example an issue over 12 months "
        "old, legal proceedings already started, or a matter already considered under the policy.",
        _OXFORD + "3",
    ),
    P(
        2,
        "2.3",
        "Accept complaints made within 12 months of the issue or of the person becoming aware of it, and use "
        "discretion beyond that where there is good reason.",
        _OXFORD + "3 ; LGSCO 2.2 " + _LGSCO + "3",
    ),
    P(
        2,
        "2.4",
        "When a complaint is not accepted, explain why and tell the person they can take that decision to the "
        "Ombudsman.",
        "LGSCO 2.4 " + _LGSCO + "3" + _UNCONFIRMED + " for the Housing Ombudsman Code",
    ),
    P(2, "2.5", "Do not apply blanket exclusions.", "LGSCO 2.5 " + _LGSCO + "3" + _UNCONFIRMED + " for the HO Code"),
    # 3. Accessibility and awareness (DOMAIN.md §1.4)
    P(
        3,
        "3.1",
        "Offer more than one way to complain, consider Equality Act 2010 duties and anticipate reasonable adjustments.",
        _OXFORD_OLD + "4",
    ),
    P(3, "3.2", "Complaints can be made in any way and to any member of staff.", _OXFORD_OLD + "4"),
    P(3, "3.3", "A high number of complaints is not treated as a negative in itself.", _OXFORD_OLD + "4"),
    P(
        3,
        "3.4",
        "Publish the complaints policy on the website in a clear, accessible format, with its stages and timescales.",
        _OXFORD_OLD + "4 ; " + _LGSCO + "4" + _UNCONFIRMED,
    ),
    P(
        3,
        "3.5",
        "Let people have a representative deal with their complaint, and be accompanied at any meeting.",
        _OXFORD_OLD + "4" + _UNCONFIRMED,
    ),
    P(3, "3.6", "Tell people about their right to go to the Ombudsman.", _OXFORD_OLD + "4" + _UNCONFIRMED),
    P(
        3,
        "3.7",
        "Where feedback surveys are run, tell people in them how to complain.",
        _OXFORD_OLD + "4" + _UNCONFIRMED,
    ),
    # 4. Complaint handling staff (DOMAIN.md §1.5)
    P(
        4,
        "4.1",
        "A person or team (the complaints officer) is responsible for complaint handling, including liaison with "
        "the Ombudsman and reporting to the governing body.",
        _SLOUGH_4,
    ),
    P(
        4,
        "4.2",
        "That person or team has access to staff at all levels and the authority to resolve complaints promptly "
        "and fairly.",
        _SLOUGH_4,
    ),
    P(
        4,
        "4.3",
        "Complaint handling is prioritised, relevant staff are trained, and it is resourced as a core service.",
        _SLOUGH_4,
    ),
    # 5. The complaint handling process (DOMAIN.md §1.6)
    P(5, "5.1", "One complaints policy; complainants are not treated differently.", _SOUTH_NORFOLK_5),
    P(5, "5.2", 'No extra named stages, such as "stage 0" or an "informal complaint".', _SOUTH_NORFOLK_5),
    P(5, "5.3", "Never more than two stages.", _SOUTH_NORFOLK_5),
    P(
        5,
        "5.4",
        "Third parties handling complaints for the organisation (contractors, adjudicators) work within the same "
        "two-stage process.",
        _SOUTH_NORFOLK_5 + " (given as 5.4-5.5)",
    ),
    P(
        5,
        "5.5",
        "The organisation stays responsible for third parties' compliance with the Code.",
        _SOUTH_NORFOLK_5 + " (given as 5.4-5.5)",
    ),
    P(
        5,
        "5.6",
        "When a complaint is logged at stage 1 or escalated to stage 2, record the organisation's understanding of "
        "the complaint and the outcome wanted (the complaint definition), asking for clarification if unclear.",
        _SOUTH_NORFOLK_5_2025,
    ),
    # 6. Complaint stages (DOMAIN.md §1.7)
    P(
        6,
        "6.1",
        "Decide early which complaints can be answered quickly and which need investigation, considering "
        "complexity and any vulnerability or risk.",
        _OXFORD_OLD + "7",
    ),
    P(6, "6.2", "Acknowledge, define and log stage 1 complaints within 5 working days of receipt.", _OXFORD_OLD + "7"),
    P(6, "6.3", "Send the full stage 1 response within 10 working days of acknowledgement.", _OXFORD_OLD + "7"),
    P(
        6,
        "6.4",
        "Extend stage 1 only where needed, telling the person the new timescale and why; no more than 10 working "
        "days without good reason.",
        _OXFORD_OLD + "7",
    ),
    P(6, "6.5", "When telling someone of an extension, give the Ombudsman's contact details.", _OXFORD_OLD + "7"),
    P(
        6,
        "6.6",
        "Respond when the answer is known, not when follow-up actions are done; track outstanding actions and "
        "keep the person updated.",
        _OXFORD_OLD + "7",
    ),
    P(
        6,
        "6.7",
        "Address every point raised, with clear reasons citing policy, law or good practice.",
        _OXFORD_OLD + "7",
    ),
    P(
        6,
        "6.8",
        "Include further related issues raised during stage 1 if the response is not yet sent; otherwise log a new "
        "complaint.",
        "https://go.walsall.gov.uk/corporate-complaints-policy/complaint-handling-procedure" + _UNCONFIRMED,
    ),
    P(
        6,
        "6.9",
        "Give the stage 1 response in writing, in plain language: the stage, the decision and reasons, any remedy, "
        "outstanding actions and how to escalate.",
        "https://www.slough.gov.uk/complaints-feedback/housing-ombudsman-complaint-handling-code-self-assessment/5"
        + _UNCONFIRMED,
    ),
    P(
        6,
        "6.10",
        "A complaint not fully resolved at stage 1 goes to stage 2, which is the final response.",
        _OXFORD + "8",
    ),
    P(6, "6.11", "Acknowledge, define and log stage 2 within 5 working days of the escalation request.", _OXFORD + "8"),
    P(6, "6.12", "Do not require the person to give reasons for escalating.", _OXFORD + "8"),
    P(6, "6.13", "Stage 2 is handled by someone other than the stage 1 handler.", _OXFORD + "8"),
    P(
        6,
        "6.14",
        "Send the stage 2 final response within 20 working days of the stage 2 acknowledgement.",
        _HO_RESIDENTS + _UNCONFIRMED,
    ),
    P(
        6,
        "6.15",
        "Extend stage 2 by no more than 20 working days without good reason, telling the person why and when.",
        "https://tch.org.uk/2024/05/29/changes-to-the-complaint-handling-code/ (secondary source)" + _UNCONFIRMED,
    ),
    P(
        6,
        "6.17",
        "Give the stage 2 response in writing: the decision and reasons, any remedy, outstanding actions and how "
        "to go to the Ombudsman.",
        "https://eastdevon.gov.uk/customer-services/feedback-and-complaints/complaints/complaints-procedure/stage-2/"
        + _UNCONFIRMED,
    ),
    # 7. Putting things right (DOMAIN.md §1.8)
    P(
        7,
        "7.1",
        "Acknowledge failings and put things right, using the Code's remedies: apology, acknowledgement, "
        "explanation, action on delay, reconsidering a decision, correcting a record, a financial remedy, or "
        "changing policy or practice.",
        "https://www.great-yarmouth.gov.uk/article/8962/Putting-things-right",
    ),
    P(7, "7.2", "Remedies reflect the impact of the failing on the person.", _OXFORD_OLD + "9"),
    P(
        7,
        "7.3",
        "A remedy says what will happen and by when, is agreed where appropriate, and is followed through to "
        "completion.",
        _OXFORD_OLD + "9",
    ),
    P(7, "7.4", "Take account of the Ombudsman's remedies guidance.", _OXFORD_OLD + "9 ; " + _LGSCO + "8"),
    # 8. Self-assessment, reporting and compliance (DOMAIN.md §1.9, §1.1)
    P(
        8,
        "8.1",
        "Produce an annual complaints performance and service improvement report: the self-assessment, analysis "
        "of performance including the types of complaints refused, findings of non-compliance, service "
        "improvements, and the Ombudsman's annual letter.",
        _LGSCO + "9",
    ),
    P(
        8,
        "8.2",
        "Report to the governing body and publish the report on the website with the governing body's response.",
        _HO_SELF_ASSESSMENT + _UNCONFIRMED,
    ),
    P(
        8,
        "8.3",
        "Self-assess again after a significant restructure, merger or business-continuity event.",
        _HO_SELF_ASSESSMENT + _UNCONFIRMED,
    ),
    P(
        8,
        "8.4",
        "Where the policy does not comply, explain in the self-assessment and give a date for compliance; in "
        "exceptional circumstances tell the Ombudsman and residents, and publish a timescale.",
        _HO_CODE + _UNCONFIRMED,
    ),
    # 9. Scrutiny and oversight (DOMAIN.md §1.10)
    P(9, "9.1", "Look beyond the individual complaint for service improvements.", _OXFORD + "11"),
    P(9, "9.2", "Use complaints as a source of intelligence.", _OXFORD + "11"),
    P(
        9,
        "9.3",
        "Report wider learning to stakeholders such as residents' panels, staff and committees.",
        _OXFORD + "11",
    ),
    P(
        9,
        "9.4",
        "A suitably senior person oversees complaint-handling performance and assesses themes and trends for "
        "systemic issues and risks.",
        "LGSCO 9.4 " + _LGSCO + "10",
    ),
    P(
        9,
        "9.5",
        "A Member Responsible for Complaints (an individual or a committee) has lead responsibility in the "
        "governing body.",
        _HO_MRC + " ; LGSCO 9.5 " + _LGSCO + "10",
    ),
    P(
        9,
        "9.6",
        "The Member Responsible for Complaints has access to all complaint data, reports, case files and staff.",
        _HO_MRC + _UNCONFIRMED,
    ),
    P(
        9,
        "9.7",
        "The governing body receives regular updates on the volume, categories and outcomes of complaints and on "
        "complaint-handling performance, including compliance with Ombudsman orders, reviews issues and trends, "
        "and receives the annual report.",
        _HO_MRC + " ; LGSCO 9.6-9.7 " + _LGSCO + "10",
    ),
)
