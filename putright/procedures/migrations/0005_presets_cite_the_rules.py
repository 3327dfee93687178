"""The preset procedures' rules cite the Codes and regulations in plain words (docs/rules.md, Timescales).

Only a preset stage rule still carrying the source PutRight first gave it is rewritten.
"""

import hashlib

from django.db import migrations

# (preset, stage, a fingerprint of the source PutRight first gave it): its citation now. The retired wording cited
# notes that were never part of PutRight; only its SHA-256 (first 16 hex digits) is kept, to recognise it.
NEW_SOURCE = {
    ("joint-code", 1, "83f0079d2b8e4128"): "Complaint Handling Code 2024, paragraphs 6.2 to 6.4: acknowledge within 5 working days, respond within 10 working days of the acknowledgement, extend by up to 10 working days",
    ("joint-code", 2, "63c385cc0e0a1f9f"): "Complaint Handling Code 2024, paragraph 6.11 and section 6: acknowledge within 5 working days, respond within 20 working days of the acknowledgement, extend by up to 20 working days",
    ("adult-social-care", 1, "49a4fe93901bf081"): "SI 2009/309 regulations 13 and 14: acknowledge within 3 working days; respond within 6 months, or a longer period agreed before it ends",
    ("childrens-social-care", 1, "e24286ad4686ba3d"): "SI 2006/1738 regulation 14: 10 working days, up to 20 in total; the 2-day acknowledgement and the 20 days to ask for stage 2 are common council practice",
    ("childrens-social-care", 2, "82102eb3d800ed85"): "SI 2006/1738 regulations 16 and 17: 25 working days from the request, up to 65 in total; the 20 days to ask for a review panel are common council practice",
    ("childrens-social-care", 3, "a02551dd820dff9a"): "SI 2006/1738 regulations 19 and 20: the panel meets within 30 working days of the request, reports within 5 working days, and the council responds within 15 working days of the report",
    ("member-enquiry", 1, "423873e1ab0af130"): "Not a complaint (Complaint Handling Code 2024, paragraph 1.2), so no Code timescale applies: a default the council can change",
    ("service-request", 1, "56f0aa22b5343dc4"): "Not a complaint: recorded, monitored and reviewed (Complaint Handling Code 2024, paragraph 1.4; LGSCO Code, paragraph 1.2); a default the council can change",
    ("spso", 1, "baca5c44c2dff381"): "SPSO Model Complaints Handling Procedure: frontline response within 5 working days, longer only in exceptional circumstances; ask for stage 2 within 2 months of the reply",
    ("spso", 2, "baf58f24a4128bf3"): "SPSO Model Complaints Handling Procedure: acknowledge within 3 working days, respond within 20 working days",
    ("nipso", 1, "c43afde7a996c91b"): "NIPSO Model Complaints Handling Procedure: 5 working days; ask for stage 2 within 2 months of the reply",
    ("nipso", 2, "1edb0a401cbfc499"): "NIPSO Model Complaints Handling Procedure: acknowledge within 3 working days, respond within 20 working days",
    ("psow", 1, "80cb655f1a95197d"): "PSOW model complaints procedure: 10 working days, a default the council can change",
    ("psow", 2, "391c8311447d13ff"): "PSOW model complaints procedure: acknowledge within 5 working days, respond within 20 working days",
}


def cite_the_rules(apps, schema_editor):
    StageRule = apps.get_model("procedures", "StageRule")
    for (slug, number, fingerprint), new in NEW_SOURCE.items():
        rules = StageRule.objects.filter(version__procedure__slug=slug, version__procedure__is_preset=True, number=number)
        for rule in rules:
            if hashlib.sha256(rule.source.encode()).hexdigest()[:16] == fingerprint:
                rule.source = new
                rule.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [("procedures", "0004_help_text_cites_the_rules")]

    operations = [migrations.RunPython(cite_the_rules, migrations.RunPython.noop)]
