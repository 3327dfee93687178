"""Words for the demo council: its services, places, people and what residents write about.

Case text is composed from these lists (an opening, what happened, how it affected them, what they want), so
100,000 cases read differently while staying plausible. Every name and postcode is invented: the "TV" postcode
area does not exist, and phone numbers are in Ofcom's drama range (07700 900xxx).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

COUNCIL_NAME = "Thornbury Vale District Council"
COUNCIL_EMAIL = "complaints@thornburyvale.example.org"
COUNCIL_PHONE = "01632 960000"
DEMO_PASSWORD = "putright-demo"  # noqa: S105 - the published demo sign-in, printed by `demo_sign_ins`


@dataclass(frozen=True)
class CategoryText:
    """One subject residents complain about, with the sentences a case about it is built from."""

    name: str
    titles: tuple[str, ...]
    happened: tuple[str, ...]
    wants: tuple[str, ...]


@dataclass(frozen=True)
class ServiceText:
    slug: str
    name: str
    directorate: str
    procedure: str
    teams: tuple[str, ...]
    categories: tuple[CategoryText, ...]
    is_housing: bool = False
    is_restricted: bool = False
    weight: int = 10  # how many cases it gets, relative to the others
    compliments: tuple[str, ...] = field(default=())


C = CategoryText

SERVICES: tuple[ServiceText, ...] = (
    ServiceText(
        "waste-recycling",
        "Waste and recycling",
        "Environment and Neighbourhoods",
        "joint-code",
        ("Waste Collections", "Recycling and Street Cleansing"),
        weight=26,
        compliments=("The crew on {street} went out of their way to collect a bin we had forgotten to put out.",),
        categories=(
            C(
                "Missed collection",
                ("Bin missed again on {street}", "Repeated missed collection on {street}", "Green bin not emptied"),
                (
                    "Our {bin} bin has been missed {n} times in the last {weeks} weeks. Each time I report it online and "
                    "I am told it will be collected within two working days, but nobody comes back.",
                    "The crew drove past our house on {day} without emptying the {bin} bin. The neighbours' bins were "
                    "emptied. This is the third time since the round changed.",
                    "We are on the assisted collection list because my husband cannot move the bin, but the crew keep "
                    "leaving it at the back of the house and it has not been emptied for {weeks} weeks.",
                ),
                (
                    "Collect the bin and make sure the round is done properly from now on.",
                    "Keep us on the assisted collection list and tell the crew about it.",
                    "An explanation of why this keeps happening and a refund of the garden waste charge.",
                ),
            ),
            C(
                "Orange recycling bags not delivered",
                ("Orange recycling bags not delivered", "Still waiting for recycling sacks"),
                (
                    "I requested orange recycling bags {weeks} weeks ago and they have not arrived. I have phoned twice "
                    "and was told they were on the van.",
                    "The flats on {street} have had no orange bags since the spring, so the recycling goes in with the "
                    "general waste.",
                ),
                (
                    "Deliver the bags and tell me when they will come.",
                    "A regular delivery of orange bags to the block.",
                ),
            ),
            C(
                "Bin crew conduct",
                ("Crew left rubbish in the road", "Damage to car by refuse lorry"),
                (
                    "The refuse crew left split bags and glass across the pavement on {street} after the collection on "
                    "{day}. Children walk this way to school.",
                    "The lorry clipped my parked car on {day} while reversing down {street}. The driver did not stop.",
                ),
                ("Clean up the street and speak to the crew.", "Pay for the repair to my car."),
            ),
            C(
                "Fly-tipping",
                ("Fly-tipping not cleared on {street}", "Dumped mattresses not removed"),
                (
                    "I reported a pile of fly-tipped rubbish behind the garages on {street} {weeks} weeks ago. It is still "
                    "there and now there are rats.",
                ),
                ("Clear the rubbish and tell me what will be done to stop it happening again.",),
            ),
        ),
    ),
    ServiceText(
        "housing-repairs",
        "Housing repairs",
        "Housing",
        "joint-code",
        ("Housing Repairs", "Planned Maintenance"),
        is_housing=True,
        weight=22,
        compliments=("The plumber who came to fix our boiler was polite, tidy and explained everything.",),
        categories=(
            C(
                "Damp and mould",
                ("Damp and mould in bedroom", "Black mould in the bathroom", "Mould returning after treatment"),
                (
                    "There is black mould on the walls and ceiling of my {room}. My {child} has asthma and it is getting "
                    "worse. I reported it {weeks} weeks ago and nobody has been to inspect.",
                    "The mould wash done in {month} has not lasted. The mould is back on the windows and the wardrobe, and "
                    "our clothes smell of damp.",
                    "Water is coming through the {room} ceiling from the flat above whenever it rains, and the wall is now "
                    "covered in mould.",
                ),
                (
                    "Inspect the flat, find the cause of the damp and fix it, not just paint over it.",
                    "Move us while the work is done and compensate for the damaged furniture.",
                    "A date for the inspection and a plan for the works in writing.",
                ),
            ),
            C(
                "Repair not completed",
                (
                    "Repair not completed",
                    "Boiler still not fixed",
                    "Leaking roof not repaired",
                    "Broken window not replaced",
                ),
                (
                    "A repair to the {fixture} was raised on {day} {weeks} weeks ago. The operative came, said a part was "
                    "needed, and nobody has been back.",
                    "I have taken {n} days off work for repair appointments and each time nobody came and nobody rang to "
                    "say they were not coming.",
                    "We have had no heating or hot water for {n} days. I have two young children and was told it would be "
                    "fixed within 24 hours.",
                ),
                (
                    "Finish the repair and pay me for the days I lost waiting in.",
                    "Fix the {fixture} and tell me who is responsible for it.",
                    "An apology and an explanation of why the appointment was missed.",
                ),
            ),
            C(
                "Communal repairs",
                ("Door entry system broken", "Communal lights not working"),
                (
                    "The door entry system at the block on {street} has been broken for {weeks} weeks. Anyone can walk in "
                    "and we have had people sleeping in the stairwell.",
                ),
                ("Repair the door and keep residents informed.",),
            ),
        ),
    ),
    ServiceText(
        "housing-management",
        "Housing management and tenancy",
        "Housing",
        "joint-code",
        ("Tenancy Management", "Anti-social Behaviour"),
        is_housing=True,
        weight=10,
        categories=(
            C(
                "Anti-social behaviour",
                ("Noise from neighbour not dealt with", "ASB case closed without action"),
                (
                    "My neighbour plays loud music until 3am most nights. I have sent the diary sheets twice and my "
                    "housing officer has not replied to my emails.",
                    "The anti-social behaviour case was closed without anyone speaking to me, even though the problems "
                    "on {street} have carried on.",
                ),
                ("Take action against the tenant and keep me informed.", "Reopen the case and meet me."),
            ),
            C(
                "Tenancy and allocations",
                ("Transfer application not assessed", "Wrong rent charged"),
                (
                    "I applied for a transfer on medical grounds {weeks} weeks ago and have heard nothing. My GP letter was "
                    "sent with the form.",
                    "My rent account shows arrears that I do not owe: the payments I made by standing order in {month} "
                    "have not been credited.",
                ),
                ("Assess the application and tell me my banding.", "Correct my rent account and remove the arrears."),
            ),
        ),
    ),
    ServiceText(
        "council-tax-benefits",
        "Council tax and benefits",
        "Finance and Resources",
        "joint-code",
        ("Revenues", "Benefits"),
        weight=10,
        categories=(
            C(
                "Council tax bill wrong",
                ("Council tax bill wrong", "Single person discount removed", "Summons issued in error"),
                (
                    "My council tax bill has gone up even though I live alone and have had the single person discount for "
                    "years. Nobody asked me before it was removed.",
                    "I received a summons for council tax I had already paid by direct debit. I have sent the bank "
                    "statements twice.",
                    "I moved out of {street} in {month} and told you, but I am still being billed for the property.",
                ),
                ("Correct the bill and cancel the summons costs.", "Restore the discount and refund what I overpaid."),
            ),
            C(
                "Housing benefit delay",
                ("Housing benefit claim delayed", "Benefit overpayment disputed"),
                (
                    "I made a claim for housing benefit {weeks} weeks ago and it still has not been assessed. My landlord "
                    "has now given me notice because of the arrears.",
                ),
                ("Assess my claim now and backdate it.",),
            ),
        ),
    ),
    ServiceText(
        "planning",
        "Planning",
        "Place",
        "joint-code",
        ("Development Management", "Planning Enforcement"),
        weight=7,
        categories=(
            C(
                "Planning enforcement",
                ("No action on unauthorised extension", "Planning enforcement complaint ignored"),
                (
                    "I reported an extension being built without permission at the house behind mine on {street} "
                    "{weeks} weeks ago. Building has carried on and nobody has visited.",
                ),
                ("Visit the site and stop the work until it has permission.",),
            ),
            C(
                "Planning application handling",
                ("Objection not considered", "Neighbour not notified of application"),
                (
                    "I was not notified of the application next door and only found out when the scaffolding went up. "
                    "My objection was not mentioned in the officer's report.",
                ),
                ("Explain how the decision was made and review the notification process.",),
            ),
        ),
    ),
    ServiceText(
        "environmental-health",
        "Environmental health",
        "Environment and Neighbourhoods",
        "joint-code",
        ("Environmental Protection", "Food and Safety"),
        weight=5,
        categories=(
            C(
                "Noise nuisance",
                ("Noise complaint not investigated", "Barking dog reports ignored"),
                (
                    "I have reported noise from the unit on {street} {n} times. The out-of-hours line never answers and "
                    "nobody has installed the noise monitor I was promised.",
                ),
                ("Investigate the noise and serve a notice if it is a nuisance.",),
            ),
            C(
                "Pest control",
                ("Pest control visit missed", "Rats not dealt with"),
                ("I paid for a pest control visit for rats in the garden and nobody came on the booked day.",),
                ("Rebook the visit and refund the fee.",),
            ),
        ),
    ),
    ServiceText(
        "parking",
        "Parking",
        "Place",
        "joint-code",
        ("Parking Services",),
        weight=5,
        categories=(
            C(
                "Penalty charge notice",
                ("Parking ticket issued unfairly", "Permit not received"),
                (
                    "I was given a penalty charge notice on {street} on {day} while unloading shopping for my disabled "
                    "mother. The signs are unclear and my appeal was rejected with a standard letter.",
                    "I renewed my resident's permit online in {month} and paid, but it has not arrived and I have now been "
                    "ticketed twice.",
                ),
                ("Cancel the penalty charge notice.", "Send the permit and cancel the tickets."),
            ),
        ),
    ),
    ServiceText(
        "customer-services",
        "Customer services",
        "Corporate Services",
        "joint-code",
        ("Customer Service Unit", "Complaints and Feedback"),
        weight=5,
        compliments=("The adviser at the contact centre was patient and sorted everything out in one call.",),
        categories=(
            C(
                "Staff conduct",
                ("Rude member of staff", "Call not returned"),
                (
                    "The person I spoke to on the phone on {day} was rude and put the phone down on me.",
                    "I was promised a call back within two working days {n} times and nobody has ever rung.",
                ),
                ("An apology and for the member of staff to be spoken to.", "Someone to ring me and deal with this."),
            ),
            C(
                "Website and online forms",
                ("Online form not working", "Could not get through on the phone"),
                (
                    "The online form crashed {n} times when I tried to report a problem, and I waited 45 minutes on the "
                    "phone before giving up.",
                ),
                ("Fix the website and give people another way to report things.",),
            ),
        ),
    ),
    ServiceText(
        "adult-social-care",
        "Adult social care",
        "People",
        "adult-social-care",
        ("Adult Social Care", "Occupational Therapy"),
        is_restricted=True,
        weight=4,
        compliments=("The social worker who helped arrange Dad's care package was kind and kept us informed.",),
        categories=(
            C(
                "Care package",
                ("Care visits missed", "Delay in care assessment", "Care charges disputed"),
                (
                    "Carers have missed {n} visits to my mother in the last {weeks} weeks. She was left without her "
                    "medication and lunch on {day}.",
                    "My father's needs assessment was requested {weeks} weeks ago and nobody has been to see him. He is "
                    "struggling to wash and dress.",
                    "The invoice for my mother's care includes weeks when she was in hospital.",
                ),
                (
                    "Make sure the visits happen and tell the agency what went wrong.",
                    "Carry out the assessment now.",
                    "Correct the invoice.",
                ),
            ),
            C(
                "Equipment and adaptations",
                ("Stairlift not installed", "Delay in occupational therapy"),
                (
                    "The occupational therapist recommended a stairlift {weeks} weeks ago and it has still not been "
                    "ordered.",
                ),
                ("Install the stairlift and keep us told of the date.",),
            ),
        ),
    ),
    ServiceText(
        "childrens-social-care",
        "Children's social care",
        "People",
        "childrens-social-care",
        ("Children in Need", "Fostering and Adoption"),
        is_restricted=True,
        weight=3,
        categories=(
            C(
                "Social worker",
                ("Social worker changed without notice", "Child in need plan not followed"),
                (
                    "We have had {n} different social workers in a year and nobody told us when the last one left. "
                    "The actions in the child in need plan have not been done.",
                ),
                ("A named social worker and a meeting to review the plan.",),
            ),
            C(
                "Fostering",
                ("Foster carer allowance delayed", "Placement ended without consultation"),
                (
                    "Our fostering allowance has not been paid for {weeks} weeks and the placement team do not return our "
                    "calls.",
                ),
                ("Pay the allowance and explain the delay.",),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Found:
    """What the investigation of one scenario found, for each outcome, and what is still to do after an upheld
    response: the words of the response letter, so a letter answers the complaint it is about."""

    upheld: str
    partly_upheld: str
    not_upheld: str
    resolved_early: str
    to_do: str

    def reasons(self, outcome: str) -> str:
        return str(getattr(self, outcome))


# Each category's findings, keyed by its name (names are unique across services). Each sentence fits every
# "happened" of its category, so a response never talks about a different matter from the complaint it answers.
FINDINGS: dict[str, Found] = {
    "Missed collection": Found(
        "The crew's in-cab records confirm the bin was missed on the dates you gave, and the missed bin was not "
        "collected within two working days as we promise.",
        "The in-cab records show one collection was missed by the crew; on the other dates the crew recorded why "
        "the bin could not be emptied. We should have explained that when you first reported it.",
        "The in-cab records show the crew attended on each collection day and recorded why the bin could not be "
        "emptied.",
        "The bin was collected the next day and the supervisor rang to apologise; you agreed that put things right.",
        "Check the round sheet for your address and tell you when the supervisor has ridden the round with the crew.",
    ),
    "Orange recycling bags not delivered": Found(
        "Your request for orange bags was logged but never passed to the delivery team, and nobody told you.",
        "The bags were sent, but to the block's old delivery point; we should have checked the address with you.",
        "The delivery records show the bags were delivered on the date we gave you, signed for at the address.",
        "The bags were delivered the next working day and you agreed the matter was settled.",
        "Add the address to the regular bag delivery round and confirm the dates in writing.",
    ),
    "Bin crew conduct": Found(
        "The lorry's camera footage confirms what you describe, and the crew did not report it as they should have.",
        "The camera footage confirms what happened, but the crew did report it; the delay in replying to you was ours.",
        "The lorry's camera footage does not show the crew causing what you describe, and the crew's account matches it.",
        "The supervisor visited the same day and put things right; you were happy with that.",
        "Brief the crew on the footage and write to you when the supervisor has done so.",
    ),
    "Fly-tipping": Found(
        "The rubbish you reported was logged but the clearance job was never raised, so it was not removed.",
        "The clearance job was raised, but it took longer than our ten working day target to remove everything.",
        "The land where the rubbish was left is privately owned; we have written to the owner, as the law allows.",
        "The rubbish was cleared the next day and the site is on the patrol list; you agreed that resolved it.",
        "Add the site to the enforcement patrol and tell you the outcome of the investigation into who dumped it.",
    ),
    "Damp and mould": Found(
        "Our surveyor found damp caused by a fault in the building, and we did not inspect within the time we promise.",
        "The inspection found part of the damp was caused by a fault we should have found sooner; the rest is "
        "condensation, and we have given advice on heating and ventilation.",
        "The surveyor's readings found no penetrating or rising damp; the mould is from condensation, and we have "
        "given advice on heating and ventilation.",
        "A surveyor visited the next day and the work to stop the damp was booked; you agreed that resolved it.",
        "Carry out the works the surveyor specified and inspect again six weeks later.",
    ),
    "Repair not completed": Found(
        "The repair was not finished within our target time, and nobody told you why.",
        "The part needed was out of stock, which we could not control, but we should have kept you informed.",
        "Our records show the repair was carried out within our target time and signed off; we have offered to "
        "inspect it again.",
        "The repair was finished the next day and you agreed that put things right.",
        "Complete the repair and write to you when it is done.",
    ),
    "Communal repairs": Found(
        "The communal repair was reported by several residents but the job was not raised for weeks.",
        "The contractor needed a specialist part, but residents should have been told the repair date.",
        "The communal repair was completed within our target time; a later fault was a new one.",
        "The repair was done the next day and residents were written to; you agreed that resolved it.",
        "Write to every resident in the block when the repair is finished and signed off.",
    ),
    "Anti-social behaviour": Found(
        "Your diary sheets were not acted on and the case was closed without anyone speaking to you.",
        "Action was taken against the tenant, but we did not keep you informed as our policy says we will.",
        "The case was handled in line with our anti-social behaviour policy; the evidence did not support legal "
        "action, and we have explained what would.",
        "Your housing officer met you the next day and agreed a plan; you were content with that.",
        "Reopen the case, agree an action plan with you and update you every two weeks.",
    ),
    "Tenancy and allocations": Found(
        "Our records confirm what you told us: this was not dealt with in the time we promise, and nobody told you "
        "why.",
        "The delay was partly caused by waiting for information from another organisation, but we should have told "
        "you about it.",
        "The records show this was dealt with correctly and in line with our policy.",
        "Your housing officer sorted this out the next day and you agreed the matter was resolved.",
        "Write to you with what we have put right and how to ask for a review if you disagree.",
    ),
    "Council tax bill wrong": Found(
        "Our records confirm the bill was wrong: the information you gave us was not acted on.",
        "The bill was worked out correctly, but our letters did not explain it clearly and you should have had a "
        "reply sooner.",
        "The bill is correct for the property and the discounts that apply; we have set out how it was worked out.",
        "The account was corrected the next day and a new bill sent; you agreed that settled it.",
        "Send a corrected bill and confirm that any costs added have been taken off.",
    ),
    "Housing benefit delay": Found(
        "Your claim was not assessed in the time we aim for, although we had the information we needed.",
        "Some of the delay came from waiting for your landlord's details, but the rest was ours.",
        "The claim could not be assessed until the evidence we asked for arrived; it was dealt with within days "
        "once it did.",
        "The claim was assessed the next day and the award backdated; you agreed that resolved it.",
        "Pay the backdated award and confirm it to your landlord with your permission.",
    ),
    "Planning enforcement": Found(
        "Your report was logged but not assigned to an enforcement officer, so nobody visited the site.",
        "An officer visited, but the follow-up was late and you were not told the outcome.",
        "An officer visited and found the work is permitted development, so it needs no planning permission.",
        "An officer visited the next day and explained the findings to you; you were content with that.",
        "Visit the site again and write to you with what the council will do.",
    ),
    "Planning application handling": Found(
        "You were not sent a neighbour notification letter as you should have been, and your objection was left "
        "out of the officer's report.",
        "The application was advertised correctly, but your objection should have been summarised in the report.",
        "The application was advertised as the law requires and your objection was considered; the decision "
        "was made properly.",
        "The case officer rang you the next day and explained how your objection was considered; you were satisfied.",
        "Review how neighbours are notified of applications and tell you what has changed.",
    ),
    "Noise nuisance": Found(
        "Your reports were not followed up and the noise monitoring you were promised was never arranged.",
        "The noise was investigated, but the monitoring equipment took longer to arrange than it should have.",
        "The monitoring recorded noise, but not at a level that counts as a statutory nuisance.",
        "An officer visited the next day and spoke to the person making the noise; you agreed that resolved it.",
        "Install the noise monitor and write to you with the results.",
    ),
    "Pest control": Found(
        "The booked visit was missed because it was not passed to the technician, and nobody told you.",
        "The visit was rearranged because the technician was off sick, but you should have been told in advance.",
        "The records show the technician visited on the booked day and left a card when there was no answer.",
        "The visit was rebooked for the next day and the fee refunded; you agreed that resolved it.",
        "Rebook the visit and refund the fee.",
    ),
    "Penalty charge notice": Found(
        "The penalty charge notice should not have been issued: what you told us shows you were entitled to park "
        "there.",
        "The penalty charge notice was issued correctly on the facts the officer had, but your appeal should have "
        "had a reply that dealt with what you said.",
        "The notice was issued properly and the signs are correct; you can appeal to the independent adjudicator.",
        "The notice was cancelled the next day and you were happy with that.",
        "Cancel the penalty charge notice and confirm it in writing.",
    ),
    "Staff conduct": Found(
        "Our call records confirm what you told us: you were not given the service you should expect.",
        "Our call records show you were given the right information, but not as courteously or as promptly as you "
        "should have been.",
        "Our call records show you were given the right information politely, and the calls you were promised "
        "were made.",
        "The team leader rang you the same day and apologised; you agreed that put things right.",
        "Arrange a call from the team leader and confirm the outcome of the member of staff's coaching.",
    ),
    "Website and online forms": Found(
        "The online form was faulty on the days you used it, and the phone waiting times were far too long.",
        "The form was faulty for part of the day, but we did put a notice on the website with another way to report.",
        "We found no fault with the form on the dates you gave; we have offered to take your report by phone.",
        "An adviser took your report by phone the next day and you were happy with that.",
        "Fix the form and tell you when it is working again.",
    ),
    "Care package": Found(
        "The records confirm what you told us, and we did not check the care was being provided and charged as the "
        "care plan says.",
        "Part of what went wrong was the care provider's, which they told us about, but we should have let you know "
        "and put it right sooner.",
        "The records show the care was arranged and charged in line with the care plan and the charging policy.",
        "The provider sent a carer the same day and apologised; you agreed that resolved it.",
        "Review the care plan with you and the provider within ten working days.",
    ),
    "Equipment and adaptations": Found(
        "The occupational therapist's recommendation was not passed on, so the equipment was never ordered.",
        "The order was placed, but the supplier's delay should have been explained to you sooner.",
        "The equipment was ordered when the assessment was agreed, and the supplier's fitting date is within our "
        "timescale.",
        "The equipment was ordered the next day with a fitting date; you agreed that resolved it.",
        "Confirm the fitting date in writing and check with you after it is fitted.",
    ),
    "Social worker": Found(
        "You were not told when your social worker changed, and the plan's actions were not carried out.",
        "The changes of social worker were unavoidable, but you should have been told each time.",
        "The plan's actions were carried out and recorded, and changes of worker were explained at the time.",
        "The team manager met you the next day and named your social worker; you were content with that.",
        "Hold a meeting to review the plan with you and your named social worker.",
    ),
    "Fostering": Found(
        "The allowance was not paid on time and nobody returned your calls.",
        "The allowance was delayed by a payroll change we did not warn you about.",
        "The allowance was paid on the right date; the delay was in the bank transfer.",
        "The allowance was paid the next day and you agreed that resolved it.",
        "Pay what is owed and confirm the payment dates for the year ahead.",
    ),
}


ROOMS = ("bedroom", "back bedroom", "bathroom", "kitchen", "living room")
CHILDREN = ("son", "daughter", "baby", "youngest")
FIXTURES = ("boiler", "kitchen tap", "roof", "back door", "window", "shower", "toilet", "fence")
BINS = ("black", "blue", "green", "food waste", "grey")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

OPENINGS = (
    "",
    "",
    "I am writing to complain. ",
    "I want to make a formal complaint. ",
    "This is the second time I have had to contact you about this. ",
    "I am very unhappy with the service. ",
    "I am making this complaint on behalf of my elderly neighbour. ",
)
IMPACTS = (
    "",
    "",
    " I have had to take time off work because of this.",
    " It has caused a lot of stress for my family.",
    " I have spent hours on the phone trying to sort this out.",
    " Nobody has replied to my emails.",
    " I am disabled and this has made things very difficult.",
)

KIND_REASONS = {
    "complaint": (
        "Dissatisfied with the service and wants it put right.",
        "Expression of dissatisfaction about the council's action and its effect on the resident.",
        "Repeated failure after a service request: now a complaint.",
    ),
    "service_request": (
        "First report of the problem: a request for service, not yet a complaint.",
        "Asking us to provide the service; no dissatisfaction with how it was handled.",
    ),
    "enquiry": ("Raised by the ward councillor on behalf of the resident.",),
    "comment": ("Feedback on the service, no action requested.",),
    "compliment": ("Thanks for the service received.",),
}

COMMENTS = (
    "It would help if the collection calendar showed bank holiday changes more clearly.",
    "The new online form is much easier than the old one, but it should say what happens next.",
    "The council should publish how long repairs are taking.",
)

# The seeder's first words for a response, true of any complaint; `demo.responses` then gives each answered stage
# its own scenario's words from FINDINGS (after the services).
OUTCOME_REASONS = {
    "upheld": (
        "We found that the service fell below the standard we expect and that you were not kept informed.",
        "The records show that what you told us is right, and nobody explained to you why it happened.",
    ),
    "partly_upheld": (
        "Some of what went wrong was outside our control, but we should have told you sooner.",
        "The decision was correct but the way it was explained to you was not.",
    ),
    "not_upheld": (
        "Having reviewed the records and spoken to the officers involved, we found that the council "
        "acted in line with its policy.",
        "The decision was made correctly; you may take the matter to the ombudsman if you remain unhappy.",
    ),
    "resolved_early": (
        "Resolved by a phone call the next day: the customer was satisfied.",
        "The team leader rang the customer, put things right, and the customer agreed the matter was resolved.",
    ),
}

REMEDIES = {
    "apology": "A written apology for the failures identified.",
    "acknowledgement": "Acknowledge that the service fell below the expected standard.",
    "explanation": "A full explanation of what went wrong and what happens next.",
    "action_on_delay": "Complete the outstanding work within 10 working days.",
    "reconsider_decision": "Review the decision with a different officer.",
    "amend_record": "Correct the account and the records held.",
    "financial": "A payment in recognition of the time and trouble caused.",
    "change_policy": "Brief the team and update the procedure so this does not happen again.",
}

# Extension and decline reasons, and contributions, go with any complaint: the seeder picks them whatever it is about.
EXTENSION_REASONS = (
    "Need to speak to officers who are on leave.",
    "The complaint covers more than one team and their contributions are not yet in.",
    "Waiting for records held by another team.",
)

DECLINE_REASONS = (
    "The events happened more than twelve months ago and there is no good reason for the delay.",
    "The complaint is already the subject of legal proceedings.",
    "The same matter was answered at the final stage last year and there is nothing new to investigate.",
)

CONTRIBUTION_NOTES = (
    "Please confirm what happened on the dates given and any records you hold.",
    "Please provide your service's account for the response letter.",
)
CONTRIBUTIONS = (
    "Our records confirm the dates given; the team have been briefed.",
    "The account was corrected on the date of the complaint; letter attached.",
)

WARDS = (
    ("Ashcombe", "TV1"),
    ("Bramley Green", "TV2"),
    ("Castle Hill", "TV3"),
    ("Deanfield", "TV4"),
    ("Elmstead", "TV5"),
    ("Fernbrook", "TV6"),
    ("Grovehill East", "TV7"),
    ("Highfield", "TV8"),
    ("Kingsmead", "TV9"),
    ("Larkrise", "TV10"),
    ("Millbrook", "TV11"),
    ("Northgate", "TV12"),
)
STREETS = (
    "Mill Lane",
    "Church Street",
    "Orchard Close",
    "Beech Road",
    "Station Road",
    "Kings Walk",
    "Marlowe Court",
    "Hazel Grove",
    "Old Forge Way",
    "Willow Crescent",
    "Chaulden Road",
    "Priory Gardens",
    "Windmill Hill",
    "Cotton Row",
    "Fishers Field",
    "Lime Avenue",
    "Tannery Lane",
    "Bellgate",
    "St Mary's Close",
    "Poplar Drive",
)
# First names with the titles that go with them, so no "Miss Mark Adams": "" (none), Dr and Mx go with any.
FEMALE_FIRST_NAMES = (
    "Aisha",
    "Amelia",
    "Ann",
    "Barbara",
    "Carol",
    "Chloe",
    "Claire",
    "Deborah",
    "Emma",
    "Fatima",
    "Grace",
    "Hannah",
    "Jane",
    "Joan",
    "Karen",
    "Leah",
    "Linda",
    "Lucy",
    "Margaret",
    "Mary",
    "Nicola",
    "Olivia",
    "Priya",
    "Rachel",
    "Ruth",
    "Sarah",
    "Sophie",
    "Susan",
    "Tracey",
    "Wendy",
    "Zoe",
)
MALE_FIRST_NAMES = (
    "Alan",
    "Andrew",
    "Ben",
    "Bilal",
    "Daniel",
    "David",
    "Gary",
    "Harjit",
    "Ian",
    "Jack",
    "John",
    "Joseph",
    "Kevin",
    "Liam",
    "Mark",
    "Mohammed",
    "Patrick",
    "Paul",
    "Robert",
    "Sean",
    "Stephen",
    "Tom",
    "Yusuf",
)
FIRST_NAMES = FEMALE_FIRST_NAMES + MALE_FIRST_NAMES
_FEMALE_FIRST_NAMES = frozenset(FEMALE_FIRST_NAMES)
LAST_NAMES = (
    "Adams",
    "Ahmed",
    "Bailey",
    "Baker",
    "Begum",
    "Bennett",
    "Brown",
    "Campbell",
    "Clarke",
    "Cooper",
    "Davies",
    "Edwards",
    "Evans",
    "Fisher",
    "Green",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "Kaur",
    "Khan",
    "King",
    "Lewis",
    "Martin",
    "Mitchell",
    "Moore",
    "Morgan",
    "Murphy",
    "Nowak",
    "Okafor",
    "Parker",
    "Patel",
    "Phillips",
    "Price",
    "Roberts",
    "Robinson",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
)
FEMALE_TITLES = ("", "", "Mrs", "Ms", "Miss", "Dr", "Mx")
MALE_TITLES = ("", "", "Mr", "Dr", "Mx")


def title_for(first_name: str, choice: Callable[[Sequence[str]], str]) -> str:
    """A title that fits the first name ("Mrs" or "Miss" only with a woman's name, "Mr" only with a man's)."""
    return choice(FEMALE_TITLES if first_name in _FEMALE_FIRST_NAMES else MALE_TITLES)


REPRESENTATIVES = (
    ("daughter", "Written consent received by email."),
    ("son", "Consent given by phone, recorded on the call log."),
    ("advocate (Vale Advocacy)", "Signed consent form on file."),
    ("Citizens Advice adviser", "Signed authority."),
)
ADJUSTMENTS = (
    "Letters in large print (18 point).",
    "Contact by email only, no phone calls.",
    "Allow extra time to reply: the customer has a learning disability.",
    "Use a BSL interpreter for meetings.",
    "Call the customer's daughter before any visit.",
)
VULNERABILITIES = (
    "Lives alone with early-stage dementia; confirm anything agreed in writing.",
    "Young children in the household with asthma: damp and mould is a health risk.",
    "Has told us of domestic abuse; do not share contact details with the other party.",
    "Recently bereaved; handle with care.",
)

# Staff: (username, first, last, role, service slug for the team, team index, job title, extra)
StaffRow = tuple[str, str, str, str, str | None, int, str]
STAFF: tuple[StaffRow, ...] = (
    ("officer", "Olivia", "Hart", "complaints_officer", "customer-services", 1, "Complaints Officer"),
    ("leader", "Leon", "Marsh", "investigating_officer", "housing-repairs", 0, "Team Leader, Housing Repairs"),
    ("leader2", "Lena", "Okoro", "investigating_officer", "waste-recycling", 0, "Team Leader, Waste Collections"),
    ("head", "Harriet", "Bell", "head_of_service", "housing-repairs", 0, "Head of Housing Property"),
    (
        "manager",
        "Martin",
        "Grant",
        "manager",
        "customer-services",
        1,
        "Customer Service, Standards and Complaints Manager",
    ),
    ("admin", "Ada", "Minns", "administrator", None, 0, "Systems Administrator"),
    ("socialcare", "Sam", "Carey", "investigating_officer", "adult-social-care", 0, "Team Manager, Adult Social Care"),
    ("cllr.ashcombe", "Peter", "Lowe", "councillor", None, 0, "Councillor, Ashcombe ward"),
    ("cllr.millbrook", "Anita", "Desai", "councillor", None, 0, "Councillor, Millbrook ward"),
    # Heads of service (stage 2 reviewers) for the other services.
    ("h.ward", "Helen", "Ward", "head_of_service", "waste-recycling", 0, "Head of Environmental Services"),
    ("r.osei", "Richard", "Osei", "head_of_service", "housing-management", 0, "Head of Housing Management"),
    ("f.lam", "Fiona", "Lam", "head_of_service", "council-tax-benefits", 0, "Head of Revenues and Benefits"),
    ("g.pryce", "Gareth", "Pryce", "head_of_service", "planning", 0, "Head of Planning"),
    ("n.adeyemi", "Nkechi", "Adeyemi", "head_of_service", "adult-social-care", 0, "Head of Adult Social Care"),
    ("c.fairley", "Colin", "Fairley", "head_of_service", "childrens-social-care", 0, "Head of Children's Services"),
    ("s.quinn", "Simone", "Quinn", "manager", "adult-social-care", 0, "Statutory Complaints Manager"),
    # The information-governance lead: reads the access log (no cases of their own).
    ("dpo", "Dana", "Powell", "investigating_officer", None, 0, "Data Protection Officer"),
    # Investigating officers.
    ("d.khan", "Dev", "Khan", "investigating_officer", "housing-repairs", 0, "Repairs Supervisor"),
    ("j.fletcher", "Jo", "Fletcher", "investigating_officer", "housing-repairs", 1, "Planned Works Officer"),
    ("m.byrne", "Michael", "Byrne", "investigating_officer", "waste-recycling", 1, "Street Cleansing Supervisor"),
    ("t.ndlovu", "Tendai", "Ndlovu", "investigating_officer", "waste-recycling", 0, "Collections Supervisor"),
    ("a.whitfield", "Amy", "Whitfield", "investigating_officer", "housing-management", 0, "Housing Officer"),
    ("k.basra", "Kiran", "Basra", "investigating_officer", "housing-management", 1, "ASB Officer"),
    ("p.doyle", "Paul", "Doyle", "investigating_officer", "council-tax-benefits", 0, "Revenues Team Leader"),
    ("e.stone", "Eleanor", "Stone", "investigating_officer", "council-tax-benefits", 1, "Benefits Team Leader"),
    ("b.achebe", "Blessing", "Achebe", "investigating_officer", "planning", 1, "Enforcement Officer"),
    ("l.moran", "Luke", "Moran", "investigating_officer", "planning", 0, "Principal Planning Officer"),
    ("w.hale", "Wendy", "Hale", "investigating_officer", "environmental-health", 0, "Environmental Health Officer"),
    ("r.iqbal", "Rashid", "Iqbal", "investigating_officer", "environmental-health", 1, "Food Safety Officer"),
    ("c.dunn", "Ciara", "Dunn", "investigating_officer", "parking", 0, "Parking Services Team Leader"),
    ("o.reid", "Owen", "Reid", "investigating_officer", "customer-services", 0, "Customer Service Team Leader"),
    ("y.santos", "Yara", "Santos", "investigating_officer", "adult-social-care", 1, "Senior Occupational Therapist"),
    ("v.kowalski", "Viktor", "Kowalski", "investigating_officer", "childrens-social-care", 0, "Team Manager"),
    ("i.mensah", "Isla", "Mensah", "investigating_officer", "childrens-social-care", 1, "Fostering Team Manager"),
    ("z.harper", "Zac", "Harper", "complaints_officer", "customer-services", 1, "Complaints Officer"),
)
