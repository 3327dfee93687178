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

OUTCOME_REASONS = {
    "upheld": (
        "We found that the service fell below the standard we expect and that you were not kept informed.",
        "The records show the work was not completed when promised and no one told you why.",
        "The missed collections are confirmed by the crew's in-cab records.",
    ),
    "partly_upheld": (
        "Some of the delay was caused by a parts shortage outside our control, but we should have "
        "told you sooner and the second missed appointment was our fault.",
        "The charge was correct but the way it was explained to you was not.",
    ),
    "not_upheld": (
        "Having reviewed the records and spoken to the officers involved, we found that the council "
        "acted in line with its policy.",
        "The decision was made correctly; you may take the matter to the ombudsman if you remain unhappy.",
    ),
    "resolved_early": (
        "Resolved by a phone call: the collection was made the next day and the customer was satisfied.",
        "The team leader rang the customer, arranged the repair and the customer agreed the matter was resolved.",
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

EXTENSION_REASONS = (
    "Waiting for the contractor's report on the works.",
    "Need to speak to officers who are on leave.",
    "The complaint covers three services and their contributions are not yet in.",
    "Waiting for records from the care provider.",
)

DECLINE_REASONS = (
    "The matter is an insurance claim for damage and is handled by the insurer, not under the complaints procedure.",
    "The events happened more than twelve months ago and there is no good reason for the delay.",
    "This is a request to review a planning decision, which has its own right of appeal.",
    "The complaint is already the subject of legal proceedings.",
)

CONTRIBUTION_NOTES = (
    "Please confirm what happened on the dates given and any records you hold.",
    "Please provide your service's account for the response letter.",
)
CONTRIBUTIONS = (
    "Our records confirm the visits; the crew have been briefed.",
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
    return choice(FEMALE_TITLES if first_name in FEMALE_FIRST_NAMES else MALE_TITLES)


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
