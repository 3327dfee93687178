"""The preset procedures' rules cite the Codes and regulations in plain words (docs/rules.md, Timescales).

Only a preset stage rule still carrying the source PutRight first gave it is rewritten.
"""

from django.db import migrations

# (preset, stage, the source PutRight first gave it): its citation now.
NEW_SOURCE = {
    ("joint-code", 1, "HO Code 6.2-6.4; LGSCO Code ch. 7 (DOMAIN.md §1.7)"): "Complaint Handling Code 2024, paragraphs 6.2 to 6.4: acknowledge within 5 working days, respond within 10 working days of the acknowledgement, extend by up to 10 working days",
    ("joint-code", 2, "HO Code 6.11 and HO residents' page; +20 WD extension from secondary sources only, UNCONFIRMED in the LGSCO Code text (DOMAIN.md §1.7, §0)"): "Complaint Handling Code 2024, paragraph 6.11 and section 6: acknowledge within 5 working days, respond within 20 working days of the acknowledgement, extend by up to 20 working days",
    ("adult-social-care", 1, "SI 2009/309 regs 13-14: acknowledge within 3 WD; 6-month relevant period, longer by agreement (DOMAIN.md §2.1)"): "SI 2009/309 regulations 13 and 14: acknowledge within 3 working days; respond within 6 months, or a longer period agreed before it ends",
    ("childrens-social-care", 1, "SI 2006/1738 reg 14: 10 WD, up to 20 WD in total; the 2 WD acknowledgement and the 20 WD to ask for stage 2 are local practice, UNCONFIRMED in the regulations (DOMAIN.md §2.2, §0)"): "SI 2006/1738 regulation 14: 10 working days, up to 20 in total; the 2-day acknowledgement and the 20 days to ask for stage 2 are common council practice",
    ("childrens-social-care", 2, "SI 2006/1738 regs 16-17: 25 WD from the request, up to 65 WD in total; the 20 WD to ask for a review panel is UNCONFIRMED (DOMAIN.md §2.2)"): "SI 2006/1738 regulations 16 and 17: 25 working days from the request, up to 65 in total; the 20 days to ask for a review panel are common council practice",
    ("childrens-social-care", 3, "SI 2006/1738 regs 19-20: panel within 30 WD of the request, report within 5 WD, response within 15 WD of the report (DOMAIN.md §2.2)"): "SI 2006/1738 regulations 19 and 20: the panel meets within 30 working days of the request, reports within 5 working days, and the council responds within 15 working days of the report",
    ("member-enquiry", 1, "Local practice: a documented default; not a complaint, so no Code timescale applies (DOMAIN.md §1.2)"): "Not a complaint (Complaint Handling Code 2024, paragraph 1.2), so no Code timescale applies: a default the council can change",
    ("service-request", 1, "Local practice (a documented default); recorded and monitored per HO Code 1.4 / LGSCO Code 1.2 (DOMAIN.md §1.2)"): "Not a complaint: recorded, monitored and reviewed (Complaint Handling Code 2024, paragraph 1.4; LGSCO Code, paragraph 1.2); a default the council can change",
    ("spso", 1, "SPSO Model CHP: 5 WD, longer only in exceptional cases (cap of 10 WD in total UNCONFIRMED); ask for stage 2 within 2 months of the reply (DOMAIN.md §4.2, §0)"): "SPSO Model Complaints Handling Procedure: frontline response within 5 working days, longer only in exceptional circumstances; ask for stage 2 within 2 months of the reply",
    ("spso", 2, "SPSO Model CHP: acknowledge within 3 WD, respond within 20 WD (DOMAIN.md §4.2)"): "SPSO Model Complaints Handling Procedure: acknowledge within 3 working days, respond within 20 working days",
    ("nipso", 1, "NIPSO Model CHP (council example): 5 WD; ask for stage 2 within 2 months of the reply (DOMAIN.md §4.3, §0)"): "NIPSO Model Complaints Handling Procedure: 5 working days; ask for stage 2 within 2 months of the reply",
    ("nipso", 2, "NIPSO Model CHP (council example): acknowledge within 3 WD, respond within 20 WD (DOMAIN.md §4.3)"): "NIPSO Model Complaints Handling Procedure: acknowledge within 3 working days, respond within 20 working days",
    ("psow", 1, "PSOW model CHP: 10 WD is typical, UNCONFIRMED (DOMAIN.md §4.1, §0)"): "PSOW model complaints procedure: 10 working days, a default the council can change",
    ("psow", 2, "PSOW model CHP (council example): acknowledge within 5 WD, respond within 20 WD (DOMAIN.md §4.1)"): "PSOW model complaints procedure: acknowledge within 5 working days, respond within 20 working days",
}


def cite_the_rules(apps, schema_editor):
    StageRule = apps.get_model("procedures", "StageRule")
    for (slug, number, old), new in NEW_SOURCE.items():
        StageRule.objects.filter(
            version__procedure__slug=slug, version__procedure__is_preset=True, number=number, source=old
        ).update(source=new)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0004_help_text_cites_the_rules")]

    operations = [migrations.RunPython(cite_the_rules, migrations.RunPython.noop)]
