"""The preset procedures, each at version 1, with every rule citing its source (see docs/rules.md).

The data is written out here rather than imported, so this migration gives the same rows however the app
changes later. Councils copy a preset to adapt it; presets themselves are never edited in place.
"""

from django.db import migrations

WD = "working_days"
MONTHS = "months"
RECEIPT = "receipt"
ACK = "acknowledgement"


def _stage(
    number, name, *, respond, source, ack=None, unit=WD, start=RECEIPT, max_ext=None, window=None, window_unit=WD
):
    return {
        "number": number,
        "name": name,
        "acknowledge_working_days": ack,
        "respond_amount": respond,
        "respond_unit": unit,
        "respond_from": start,
        "max_extension_working_days": max_ext,
        # The window to ask for the NEXT stage, counted from this stage's response (the field's meaning).
        "escalation_window_amount": window,
        "escalation_window_unit": window_unit,
        "source": source,
    }


PRESETS = [
    {
        "slug": "joint-code",
        "name": "Complaint Handling Code (Housing Ombudsman / LGSCO)",
        "description": "The two-stage Code for housing and corporate complaints. More than two stages is never acceptable (HO Code 5.3).",
        "ombudsman": "lgsco",
        "stages": [
            _stage(
                1,
                "Stage 1",
                ack=5,
                respond=10,
                start=ACK,
                max_ext=10,
                source="Complaint Handling Code 2024, paragraphs 6.2 to 6.4: acknowledge within 5 working days, respond within 10 working days of the acknowledgement, extend by up to 10 working days",
            ),
            _stage(
                2,
                "Stage 2 (final response)",
                ack=5,
                respond=20,
                start=ACK,
                max_ext=20,
                source=(
                    "Complaint Handling Code 2024, paragraph 6.11 and section 6: acknowledge within 5 working days, respond within 20 working days of the acknowledgement, extend by up to 20 working days"
                ),
            ),
        ],
    },
    {
        "slug": "adult-social-care",
        "name": "Adult social care (statutory, England)",
        "description": "One stage under SI 2009/309; the response period may be extended by agreement before it ends.",
        "ombudsman": "lgsco",
        "stages": [
            _stage(
                1,
                "Response",
                ack=3,
                respond=6,
                unit=MONTHS,
                source="SI 2009/309 regulations 13 and 14: acknowledge within 3 working days; respond within 6 months, or a longer period agreed before it ends",
            ),
        ],
    },
    {
        "slug": "childrens-social-care",
        "name": "Children's social care (statutory, England)",
        "description": "Three stages under SI 2006/1738; Boxing Day is never a working day.",
        "ombudsman": "lgsco",
        "excludes_boxing_day": True,
        "stages": [
            _stage(
                1,
                "Local resolution",
                ack=2,
                respond=10,
                max_ext=10,
                window=20,
                source=(
                    "SI 2006/1738 regulation 14: 10 working days, up to 20 in total; the 2-day acknowledgement and the 20 days to ask for stage 2 are common council practice"
                ),
            ),
            _stage(
                2,
                "Investigation",
                respond=25,
                max_ext=40,
                window=20,
                source=(
                    "SI 2006/1738 regulations 16 and 17: 25 working days from the request, up to 65 in total; the 20 days to ask for a review panel are common council practice"
                ),
            ),
            _stage(
                3,
                "Review panel",
                respond=50,
                source=(
                    "SI 2006/1738 regulations 19 and 20: the panel meets within 30 working days of the request, reports within 5 working days, and the council responds within 15 working days of the report"
                ),
            ),
        ],
    },
    {
        "slug": "member-enquiry",
        "name": "Member enquiry (councillor or MP)",
        "description": "An enquiry raised by a councillor or MP for a resident; not counted as a complaint.",
        "ombudsman": "none",
        "is_complaint_procedure": False,
        "stages": [
            _stage(
                1,
                "Reply",
                respond=10,
                source="Not a complaint (Complaint Handling Code 2024, paragraph 1.2), so no Code timescale applies: a default the council can change",
            ),
        ],
    },
    {
        "slug": "service-request",
        "name": "Service request",
        "description": "A request to provide or fix a service; recorded, monitored and reviewed but not a complaint.",
        "ombudsman": "none",
        "is_complaint_procedure": False,
        "stages": [
            _stage(
                1,
                "Reply",
                respond=10,
                source="Not a complaint: recorded, monitored and reviewed (Complaint Handling Code 2024, paragraph 1.4; LGSCO Code, paragraph 1.2); a default the council can change",
            ),
        ],
    },
    {
        "slug": "spso",
        "name": "Scottish model complaints handling procedure (SPSO)",
        "description": "Frontline response then investigation, under the SPSO Model CHP.",
        "ombudsman": "spso",
        "stages": [
            _stage(
                1,
                "Frontline response",
                respond=5,
                max_ext=5,
                window=2,
                window_unit=MONTHS,
                source=(
                    "SPSO Model Complaints Handling Procedure: frontline response within 5 working days, longer only in exceptional circumstances; ask for stage 2 within 2 months of the reply"
                ),
            ),
            _stage(
                2,
                "Investigation",
                ack=3,
                respond=20,
                source="SPSO Model Complaints Handling Procedure: acknowledge within 3 working days, respond within 20 working days",
            ),
        ],
    },
    {
        "slug": "nipso",
        "name": "Northern Ireland model complaints handling procedure (NIPSO)",
        "description": "Two stages under the NIPSO Model CHP for local government.",
        "ombudsman": "nipso",
        "stages": [
            _stage(
                1,
                "Stage 1",
                respond=5,
                window=2,
                window_unit=MONTHS,
                source=(
                    "NIPSO Model Complaints Handling Procedure: 5 working days; ask for stage 2 within 2 months of the reply"
                ),
            ),
            _stage(
                2,
                "Stage 2",
                ack=3,
                respond=20,
                source="NIPSO Model Complaints Handling Procedure: acknowledge within 3 working days, respond within 20 working days",
            ),
        ],
    },
    {
        "slug": "psow",
        "name": "Welsh model complaints handling procedure (PSOW)",
        "description": "Two stages under the PSOW Statement of Principles and model procedure.",
        "ombudsman": "psow",
        "stages": [
            _stage(
                1,
                "Stage 1",
                respond=10,
                source="PSOW model complaints procedure: 10 working days, a default the council can change",
            ),
            _stage(
                2,
                "Stage 2",
                ack=5,
                respond=20,
                source="PSOW model complaints procedure: acknowledge within 5 working days, respond within 20 working days",
            ),
        ],
    },
]


def create_presets(apps, schema_editor):
    Procedure = apps.get_model("procedures", "Procedure")
    ProcedureVersion = apps.get_model("procedures", "ProcedureVersion")
    StageRule = apps.get_model("procedures", "StageRule")
    for preset in PRESETS:
        if Procedure.objects.filter(slug=preset["slug"]).exists():
            continue  # never overwrite a procedure someone has already made with this slug
        fields = {
            "slug": preset["slug"],
            "name": preset["name"],
            "description": preset["description"],
            "ombudsman": preset["ombudsman"],
            "is_preset": True,
            "is_complaint_procedure": preset.get("is_complaint_procedure", True),
        }
        # Tests that flush the database call this with today's models, which no longer have every field.
        known = {field.name for field in Procedure._meta.get_fields()}
        procedure = Procedure.objects.create(**{name: value for name, value in fields.items() if name in known})
        version = ProcedureVersion.objects.create(
            procedure=procedure,
            number=1,
            excludes_boxing_day=preset.get("excludes_boxing_day", False),
            change_note="Preset shipped with PutRight.",
        )
        StageRule.objects.bulk_create(StageRule(version=version, **stage) for stage in preset["stages"])


def delete_presets(apps, schema_editor):
    # Deleting raises ProtectedError while a case or a copy still uses a preset, which is what we want.
    Procedure = apps.get_model("procedures", "Procedure")
    ProcedureVersion = apps.get_model("procedures", "ProcedureVersion")
    slugs = [preset["slug"] for preset in PRESETS]
    presets = Procedure.objects.filter(is_preset=True, slug__in=slugs)
    ProcedureVersion.objects.filter(procedure__in=presets).delete()
    presets.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_presets, delete_presets),
    ]
