"""The preset procedures' statutory limits: fixed extension caps, statutory working days, time limits to
complain, the SPSO and NIPSO escalation window and direct stage 2 (docs/rules-deadlines.md).

The data is written out here so this migration gives the same rows however the app changes later. It fills in
settings that did not exist before; no stage's counting period changes. A council's copy of a statutory preset
is statutory too, because the regulations bind it whatever it is called.
"""

from django.db import migrations

CHILDREN = "The Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738)"
SPSO_CHP = "The SPSO Model Complaints Handling Procedure"
NIPSO_CHP = "The NIPSO Model Complaints Handling Procedure"

STATUTORY = ("adult-social-care", "childrens-social-care")

# slug: months to complain within, from the matter or the customer becoming aware of it.
TIME_LIMITS = {
    "joint-code": 12,
    "adult-social-care": 12,
    "childrens-social-care": 12,
    "spso": 6,
    "nipso": 6,
    "psow": 6,
}

# (slug, stage): the new stage settings.
STAGES = {
    ("childrens-social-care", 1): {"extension_cap_fixed_by": f"{CHILDREN} reg 14"},
    ("childrens-social-care", 2): {
        "extension_cap_fixed_by": f"{CHILDREN} reg 17",
        "clock_may_start_at_agreed_statement": True,
    },
    ("childrens-social-care", 3): {"panel_meets_within_working_days": 30},
    ("adult-social-care", 1): {"extension_needs_agreement": True, "response_date_agreed_at_acknowledgement": True},
    ("spso", 1): {"extension_cap_fixed_by": SPSO_CHP, "escalation_window_from_matter_months": 6},
    ("spso", 2): {"may_start_here": True},
    (
        "nipso",
        1,
    ): {"extension_cap_fixed_by": NIPSO_CHP, "max_extension_working_days": 5, "escalation_window_from_matter_months": 6},
    ("nipso", 2): {"may_start_here": True},
}


def _root(procedure, Procedure):
    seen = set()
    while procedure.based_on_id is not None and procedure.pk not in seen:
        seen.add(procedure.pk)
        procedure = Procedure.objects.get(pk=procedure.based_on_id)
    return procedure


def apply_limits(apps, schema_editor):
    Procedure = apps.get_model("procedures", "Procedure")
    ProcedureVersion = apps.get_model("procedures", "ProcedureVersion")
    StageRule = apps.get_model("procedures", "StageRule")
    for procedure in Procedure.objects.all():
        root = _root(procedure, Procedure)
        if root.is_preset and root.slug in STATUTORY and not procedure.is_statutory:
            procedure.is_statutory = True
            procedure.save(update_fields=["is_statutory"])
    for slug, months in TIME_LIMITS.items():
        ProcedureVersion.objects.filter(
            procedure__slug=slug, procedure__is_preset=True, complaint_time_limit_months__isnull=True
        ).update(complaint_time_limit_months=months)
    for (slug, number), changes in STAGES.items():
        StageRule.objects.filter(version__procedure__slug=slug, version__procedure__is_preset=True, number=number).update(
            **changes
        )


def remove_limits(apps, schema_editor):
    # The fields themselves are removed by reversing the schema migration before this one.
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0006_statutory_limits_and_clock_settings"),
    ]

    operations = [
        migrations.RunPython(apply_limits, remove_limits),
    ]
