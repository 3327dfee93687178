"""Self-assessment rows cite the Code by paragraph, not other councils' web pages (docs/rules.md, Reports).

Rows seeded with PutRight's earlier wording get the new citation; a row whose source a council has changed is
left as it is.
"""

import hashlib

from django.db import migrations

# (provision, a fingerprint of the source PutRight seeded before): the citation it seeds now. The retired sources
# were other councils' web pages; only their SHA-256 (first 16 hex digits) is kept, to recognise them.
NEW_SOURCE = {
    ("1.2", "afe48bef76757621"): "Complaint Handling Code 2024, paragraph 1.2; LGSCO Code, paragraph 1.4",
    ("1.3", "04d979d76ff494d9"): "Complaint Handling Code 2024, paragraph 1.3",
    ("1.4", "43378591391eca31"): "Complaint Handling Code 2024, paragraph 1.4",
    ("1.5", "43378591391eca31"): "Complaint Handling Code 2024, paragraph 1.5",
    ("2.1", "daec437537c1b357"): "Complaint Handling Code 2024, paragraph 2.1",
    ("2.2", "ede9aeb5a4ac8d18"): "Complaint Handling Code 2024, paragraph 2.2",
    ("2.3", "c45ccd0b6178b186"): "Complaint Handling Code 2024, paragraph 2.3; LGSCO Code, paragraph 2.2",
    ("2.4", "b30b92bea4cd09d5"): "LGSCO Complaint Handling Code, paragraph 2.4",
    ("2.5", "0a95a8585b48006c"): "LGSCO Complaint Handling Code, paragraph 2.5",
    ("3.1", "9e1dd6bcb3997f69"): "Complaint Handling Code 2024, paragraph 3.1",
    ("3.2", "9e1dd6bcb3997f69"): "Complaint Handling Code 2024, paragraph 3.2",
    ("3.3", "9e1dd6bcb3997f69"): "Complaint Handling Code 2024, paragraph 3.3",
    ("3.4", "7b213afc6f5f69ef"): "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    ("3.5", "d20edc94d584913f"): "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    ("3.6", "d20edc94d584913f"): "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    ("3.7", "d20edc94d584913f"): "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    ("4.1", "5ed39cef2527f27f"): "Complaint Handling Code 2024, paragraph 4.1",
    ("4.2", "5ed39cef2527f27f"): "Complaint Handling Code 2024, paragraph 4.2",
    ("4.3", "5ed39cef2527f27f"): "Complaint Handling Code 2024, paragraph 4.3",
    ("5.1", "dbaa9a0c01604a5f"): "Complaint Handling Code 2024, paragraph 5.1",
    ("5.2", "dbaa9a0c01604a5f"): "Complaint Handling Code 2024, paragraph 5.2",
    ("5.3", "dbaa9a0c01604a5f"): "Complaint Handling Code 2024, paragraph 5.3",
    ("5.4", "123ce7204e29f31b"): "Complaint Handling Code 2024, paragraph 5.4",
    ("5.5", "123ce7204e29f31b"): "Complaint Handling Code 2024, paragraph 5.5",
    ("5.6", "932be9fb92509db7"): "Complaint Handling Code 2024, paragraph 5.6",
    ("6.1", "2fc3e47fc5a967a0"): "Complaint Handling Code 2024, paragraph 6.1",
    ("6.2", "2fc3e47fc5a967a0"): "Complaint Handling Code 2024, paragraph 6.2",
    ("6.3", "2fc3e47fc5a967a0"): "Complaint Handling Code 2024, paragraph 6.3",
    ("6.4", "2fc3e47fc5a967a0"): "Complaint Handling Code 2024, paragraph 6.4",
    ("6.5", "2fc3e47fc5a967a0"): "Complaint Handling Code 2024, paragraph 6.5",
    ("6.6", "2fc3e47fc5a967a0"): "Complaint Handling Code 2024, paragraph 6.6",
    ("6.7", "2fc3e47fc5a967a0"): "Complaint Handling Code 2024, paragraph 6.7",
    ("6.8", "22f2a71eb976c135"): "Complaint Handling Code 2024, section 6 (complaint stages)",
    ("6.9", "574cf585d0f61691"): "Complaint Handling Code 2024, section 6 (complaint stages)",
    ("6.10", "bc153b3a825f1c26"): "Complaint Handling Code 2024, paragraph 6.10",
    ("6.11", "bc153b3a825f1c26"): "Complaint Handling Code 2024, paragraph 6.11",
    ("6.12", "bc153b3a825f1c26"): "Complaint Handling Code 2024, paragraph 6.12",
    ("6.13", "bc153b3a825f1c26"): "Complaint Handling Code 2024, paragraph 6.13",
    ("6.14", "bfb6f822e23b4030"): "Complaint Handling Code 2024, section 6 (complaint stages)",
    ("6.15", "a67728229df237f4"): "Complaint Handling Code 2024, section 6 (complaint stages)",
    ("6.17", "687f7af5909a1f85"): "Complaint Handling Code 2024, section 6 (complaint stages)",
    ("7.1", "3f851b953582c8c3"): "Complaint Handling Code 2024, paragraph 7.1",
    ("7.2", "ec5bdbd431d9b4c9"): "Complaint Handling Code 2024, paragraph 7.2",
    ("7.3", "ec5bdbd431d9b4c9"): "Complaint Handling Code 2024, paragraph 7.3",
    ("7.4", "a408d67f32442c93"): "Complaint Handling Code 2024, paragraph 7.4",
    ("8.1", "753901b6a133ec37"): "Complaint Handling Code 2024, paragraph 8.1",
    ("8.2", "da5a335ec5997d80"): "Complaint Handling Code 2024, section 8 (self-assessment, reporting and compliance)",
    ("8.3", "da5a335ec5997d80"): "Complaint Handling Code 2024, section 8 (self-assessment, reporting and compliance)",
    ("8.4", "ddf3b66235d38632"): "Complaint Handling Code 2024, section 8 (self-assessment, reporting and compliance)",
    ("9.1", "d68ad80bd5d7772f"): "Complaint Handling Code 2024, paragraph 9.1",
    ("9.2", "d68ad80bd5d7772f"): "Complaint Handling Code 2024, paragraph 9.2",
    ("9.3", "d68ad80bd5d7772f"): "Complaint Handling Code 2024, paragraph 9.3",
    ("9.4", "6e7118acf93c06ef"): "LGSCO Complaint Handling Code, paragraph 9.4",
    ("9.5", "e5eeb6e51feb497f"): "Complaint Handling Code 2024, paragraph 9.5; LGSCO Code, paragraph 9.5",
    ("9.6", "e55771fc740ae06b"): "Complaint Handling Code 2024, section 9 (scrutiny and oversight)",
    ("9.7", "32cc8d5e9787d6df"): "Complaint Handling Code 2024, paragraph 9.7; LGSCO Code, paragraphs 9.6 and 9.7",
}


def cite_the_code(apps, schema_editor):
    SelfAssessmentRow = apps.get_model("reporting", "SelfAssessmentRow")
    for row in SelfAssessmentRow.objects.filter(source__contains="http").iterator():
        new = NEW_SOURCE.get((row.provision, hashlib.sha256(row.source.encode()).hexdigest()[:16]))
        if new is not None:
            row.source = new
            row.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_report_snapshot")]

    operations = [migrations.RunPython(cite_the_code, migrations.RunPython.noop)]
