"""The Complaint Handling Code's provisions, sections 1 to 9, that seed each self-assessment (docs/rules.md,
"The Code self-assessment").

Each requirement is a paraphrase of a numbered paragraph of the Housing Ombudsman's Complaint Handling Code 2024,
with its paragraph number; where the LGSCO's Complaint Handling Code says the same under a different (or the same)
number, the source names that paragraph too. Sections 1 to 4 and the first provisions of sections 5 to 9 were
checked against councils' published self-assessments; 5.7 to 5.15, 6.16 to 6.18, 6.20 and 9.8 follow the Code's
text as published but were not checked against a second copy, so check every row against the council's copy of the
Code before approving. The Code's opening paragraph 1.1 and paragraphs 8.4 and 8.5 are not listed.
Rows can be reworded, and more added, in the administration pages.
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

CODE = "Complaint Handling Code 2024, paragraph "


def _p(section: int, number: str, requirement: str, lgsco: str = "") -> Provision:
    """One provision; `lgsco` is the LGSCO Code's paragraph saying the same, where it is known."""
    source = CODE + number + (f"; LGSCO Complaint Handling Code, paragraph {lgsco}" if lgsco else "")
    return Provision(section, number, requirement, source)


P = _p

CODE_PROVISIONS: tuple[Provision, ...] = (
    # 1. Definition of a complaint
    P(
        1,
        "1.2",
        "Use the Code's definition of a complaint: an expression of dissatisfaction, however made, about the "
        "standard of service, actions or lack of action by the organisation, its staff or those acting for it, "
        "affecting one resident or a group of residents.",
        "1.4",
    ),
    P(
        1,
        "1.3",
        'People need not use the word "complaint": whenever someone expresses dissatisfaction they are offered the'
        " choice to complain, and a complaint made through a third party or representative follows the same policy.",
    ),
    P(
        1,
        "1.4",
        "Tell a service request (a request to put something right) apart from a complaint and explain the "
        "difference in the policy; service requests are not complaints but are recorded, monitored and reviewed "
        "regularly.",
    ),
    P(
        1,
        "1.5",
        "Raise a complaint when someone is unhappy with the response to their service request, even while the "
        "request is still being dealt with, and do not stop work on the request because they complained.",
    ),
    P(
        1,
        "1.6",
        "Dissatisfaction given in a survey is not a complaint, but where possible the person is told how to "
        "complain, and any request for wider feedback on services says how to complain.",
    ),
    # 2. Exclusions
    P(
        2,
        "2.1",
        "Accept a complaint unless there is a valid reason not to, be able to evidence the reasoning for any "
        "refusal, and consider each complaint on its own merits.",
    ),
    P(
        2,
        "2.2",
        "The policy sets out, fairly and reasonably, when a matter will not be taken as a complaint or escalated;"
        " acceptable exclusions include an issue over 12 months old, legal proceedings already started (a claim "
        "filed at court) and a matter already considered under the policy.",
    ),
    P(
        2,
        "2.3",
        "Accept complaints made within 12 months of the issue, or of the person becoming aware of it, unless "
        "excluded on other grounds, and consider using discretion beyond that where there is good reason.",
    ),
    P(
        2,
        "2.4",
        "When a complaint is not accepted, explain to the person why it is not suitable for the complaints "
        "process and that they can take that decision to the Ombudsman.",
    ),
    P(
        2,
        "2.5",
        "Do not exclude complaints by a blanket approach: consider the circumstances of each one.",
    ),
    # 3. Accessibility and awareness
    P(
        3,
        "3.1",
        "Make it easy to complain through different channels, and consider Equality Act 2010 duties, anticipating"
        " the needs and reasonable adjustments of people who may need to use the complaints process.",
    ),
    P(
        3,
        "3.2",
        "People can complain in any way and to any member of staff; all staff know the complaints process and can"
        " pass a complaint to the right person.",
    ),
    P(
        3,
        "3.3",
        "A high number of complaints is not seen as a negative in itself (it can show an accessible, well-known "
        "process); a low number may mean people are unable to complain.",
    ),
    P(
        3,
        "3.4",
        "Make the complaints policy available to everyone in a clear, accessible format, setting out the two "
        "stages, what happens at each and the timescales, and publish it on the website.",
    ),
    P(
        3,
        "3.5",
        "The complaints policy explains how the organisation publicises the policy, including information "
        "about the Ombudsman and the Code.",
    ),
    P(
        3,
        "3.6",
        "Let people have a representative deal with their complaint for them, and be represented or accompanied "
        "at any meeting with the organisation.",
    ),
    P(
        3,
        "3.7",
        "Tell people about their right to go to the Ombudsman and how they can engage with the Ombudsman about "
        "their complaint.",
    ),
    # 4. Complaint handling staff
    P(
        4,
        "4.1",
        "A person or team (the complaints officer) is responsible for complaint handling, including liaison with "
        "the Ombudsman and making sure complaints are reported to the governing body; this may be alongside other"
        " duties.",
    ),
    P(
        4,
        "4.2",
        "The complaints officer has access to staff at all levels, and the authority and autonomy to resolve "
        "disputes promptly and fairly.",
    ),
    P(
        4,
        "4.3",
        "Complaint handling and learning from complaints are prioritised, relevant staff are trained in why "
        "complaint handling matters, and complaints are resourced as a core service.",
    ),
    # 5. The complaint handling process
    P(
        5,
        "5.1",
        "Have a single policy for the complaints the Code covers; people are not treated differently because they"
        " complain.",
    ),
    P(
        5,
        "5.2",
        'Resolve issues early and locally, without extra named stages such as "stage 0" or an "informal complaint".',
    ),
    P(
        5,
        "5.3",
        "Never have a process with more than two stages.",
    ),
    P(
        5,
        "5.4",
        "Where a third party (a contractor or an independent adjudicator) handles a complaint response, it is part"
        " of the same two-stage process: nobody goes through two complaints processes.",
    ),
    P(
        5,
        "5.5",
        "The organisation is responsible for making sure third parties handle complaints in line with the Code.",
    ),
    P(
        5,
        "5.6",
        "When a complaint is logged at stage 1 or escalated to stage 2, set out the organisation's understanding "
        "of the complaint and the outcome the person wants (the complaint definition), asking them to clarify "
        "anything unclear.",
    ),
    P(
        5,
        "5.7",
        "When acknowledging a complaint at either stage, be clear which parts of it the organisation is and "
        "is not responsible for, and clarify any part where that is unclear.",
    ),
    P(
        5,
        "5.8",
        "At each stage, complaint handlers deal with the complaint on its merits, act independently and with "
        "an open mind, give the person a fair chance to set out their position, address any actual or "
        "perceived conflict of interest, and consider all relevant information and evidence carefully.",
    ),
    P(
        5,
        "5.9",
        "Where a response will fall outside the Code's timescales, agree with the person suitable intervals "
        "for keeping them informed about their complaint.",
    ),
    P(
        5,
        "5.10",
        "Make reasonable adjustments where appropriate under the Equality Act 2010, keep a record of the "
        "adjustments agreed and of any disability the person has disclosed, and keep agreed adjustments under "
        "active review.",
    ),
    P(
        5,
        "5.11",
        "Do not refuse to escalate a complaint through every stage without valid reasons, set out clearly and "
        "in line with the exclusions in section 2.",
    ),
    P(
        5,
        "5.12",
        "Keep a full record of the complaint and the outcome at each stage: the original complaint and the "
        "date received, all correspondence with the person and with other parties, and relevant supporting "
        "documents such as reports or surveys.",
    ),
    P(
        5,
        "5.13",
        "Have processes so that a complaint can be put right at any stage, with appropriate remedies "
        "available without the need to escalate.",
    ),
    P(
        5,
        "5.14",
        "Have policies and procedures for managing unacceptable behaviour by residents or their "
        "representatives when pursuing a complaint.",
    ),
    P(
        5,
        "5.15",
        "Any restriction on contact because of unacceptable behaviour is proportionate and shows regard for "
        "the Equality Act 2010.",
    ),
    # 6. Complaint stages: stage 1
    P(
        6,
        "6.1",
        "Have a way to decide which complaints can be answered early and which need investigation, considering "
        "how complex the complaint is and whether the person is vulnerable or at risk.",
        "6.1",
    ),
    P(
        6,
        "6.2",
        "Acknowledge, define and log stage 1 complaints within five working days of receiving them.",
        "6.2",
    ),
    P(
        6,
        "6.3",
        "Send the full stage 1 response within 10 working days of acknowledging the complaint.",
        "6.3",
    ),
    P(
        6,
        "6.4",
        "Decide whether stage 1 needs more time given the complaint's complexity and tell the person the expected"
        " timescale; an extension is no more than 10 working days without good reason, with the reasons "
        "explained.",
        "6.4",
    ),
    P(
        6,
        "6.5",
        "When telling someone of an extension, give them the Ombudsman's contact details.",
        "6.5",
    ),
    P(
        6,
        "6.6",
        "Respond when the answer to the complaint is known, not when the actions to put it right are finished; "
        "track those actions, carry them out promptly and keep the person updated.",
        "6.6",
    ),
    P(
        6,
        "6.7",
        "Address every point raised, with clear reasons for each decision, citing the relevant policy, law and "
        "good practice where appropriate.",
    ),
    P(
        6,
        "6.8",
        "Include further related issues raised during stage 1 in the response if it has not been sent; log them "
        "as a new complaint where the response has been sent, they are unrelated, or including them would delay "
        "it unreasonably.",
    ),
    P(
        6,
        "6.9",
        "Confirm in writing at the end of stage 1, in plain language: the stage, the complaint definition, the "
        "decision and its reasons, any remedy, any outstanding actions, and how to escalate to stage 2.",
    ),
    # 6. Complaint stages: stage 2
    P(
        6,
        "6.10",
        "A complaint not fully resolved at stage 1 to the person's satisfaction goes to stage 2, which is the "
        "organisation's final response.",
    ),
    P(
        6,
        "6.11",
        "Acknowledge, define and log a request for stage 2 within five working days of receiving it.",
    ),
    P(
        6,
        "6.12",
        "Do not require the person to explain why they want stage 2, but make reasonable efforts to understand "
        "why they remain unhappy as part of the stage 2 response.",
    ),
    P(
        6,
        "6.13",
        "The person considering stage 2 is not the person who considered stage 1.",
    ),
    P(
        6,
        "6.14",
        "Send the stage 2 final response within 20 working days of acknowledging the escalation.",
    ),
    P(
        6,
        "6.15",
        "Decide whether stage 2 needs more time given the complaint's complexity and tell the person the expected"
        " timescale; an extension is no more than 20 working days without good reason, with the reasons "
        "explained.",
    ),
    P(
        6,
        "6.16",
        "When telling someone of a stage 2 extension, give them the Ombudsman's contact details.",
    ),
    P(
        6,
        "6.17",
        "Send the stage 2 response when the answer is known, not when the actions to put things right are "
        "finished; track those actions, carry them out promptly and keep the person updated.",
    ),
    P(
        6,
        "6.18",
        "At stage 2, address every point raised, with clear reasons for each decision, citing the relevant "
        "policy, law and good practice where appropriate.",
    ),
    P(
        6,
        "6.19",
        "Confirm in writing at the end of stage 2, in plain language: the stage, the complaint definition, the "
        "decision and its reasons, any remedy, any outstanding actions, and how to take the matter to the "
        "Ombudsman if still dissatisfied.",
    ),
    P(
        6,
        "6.20",
        "Stage 2 is the organisation's final response and involves all the staff needed to give it.",
    ),
    # 7. Putting things right
    P(
        7,
        "7.1",
        "Where something has gone wrong, acknowledge it and set out what has been or will be done to put it "
        "right, such as: an apology, acknowledging the failing, an explanation, assistance or reasons, action on "
        "a delay, reconsidering or changing a decision, amending or annotating a record, a financial remedy, or "
        "changing policies, procedures or practices.",
    ),
    P(
        7,
        "7.2",
        "Any remedy reflects the impact on the person of the fault found.",
    ),
    P(
        7,
        "7.3",
        "A remedy offer says clearly what will happen and by when, agreed with the person where appropriate, and "
        "is followed through to completion.",
    ),
    P(
        7,
        "7.4",
        "Take account of the Ombudsman's guidance when deciding on remedies.",
    ),
    # 8. Self-assessment, reporting and compliance
    P(
        8,
        "8.1",
        "Produce an annual complaints performance and service improvement report for scrutiny and challenge, "
        "with: the annual self-assessment against the Code; an analysis of complaint-handling performance, "
        "including a summary of the types of complaints refused; any findings of non-compliance with the Code; "
        "the service improvements made from learning; the Ombudsman's annual report on the organisation; and any"
        " other relevant Ombudsman reports or publications.",
        "8.1",
    ),
    P(
        8,
        "8.2",
        "Report the annual report to the governing body and publish it on the complaints section of the website,"
        " with the governing body's response alongside it.",
        "8.2",
    ),
    P(
        8,
        "8.3",
        "Carry out a further self-assessment after a significant restructure, merger or change in procedures.",
        "8.3",
    ),
    # 9. Scrutiny and oversight: continuous learning and improvement
    P(
        9,
        "9.1",
        "Look beyond the individual complaint and consider whether learning from it can improve services.",
        "9.1",
    ),
    P(
        9,
        "9.2",
        "Use complaints as a source of intelligence to identify issues and make positive changes to services.",
    ),
    P(
        9,
        "9.3",
        "Report wider learning and improvements from complaints back to stakeholders such as residents' panels, "
        "staff and relevant committees.",
    ),
    P(
        9,
        "9.4",
        "A suitably senior lead person is accountable for complaint handling and assesses themes and trends to "
        "find systemic issues, serious risks, or policies and procedures that need revising.",
        "9.4",
    ),
    P(
        9,
        "9.5",
        "A member of the governing body has lead responsibility for complaints (the Member Responsible for "
        "Complaints), to support a positive complaint-handling culture.",
    ),
    P(
        9,
        "9.6",
        "The Member Responsible for Complaints makes sure the governing body regularly receives information on "
        "complaint-handling performance, and has access to the information and staff needed to do so and to "
        "report on their findings.",
    ),
    P(
        9,
        "9.7",
        "The Member Responsible for Complaints and the governing body receive at least: regular updates on the "
        "volume, categories and outcomes of complaints and on complaint-handling performance; regular reviews of "
        "issues and trends; regular updates on the outcomes of Ombudsman investigations and progress on orders; "
        "and the annual complaints performance and service improvement report.",
    ),
    P(
        9,
        "9.8",
        "Give every relevant member of staff and third party a standard objective on complaint handling: work "
        "with colleagues across teams to resolve complaints, take collective responsibility for shortfalls "
        "complaints find rather than blaming others, and act within the professional standards of any "
        "relevant professional body.",
    ),
)
