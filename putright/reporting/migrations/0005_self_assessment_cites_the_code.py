"""Self-assessment rows cite the Code by paragraph, not other councils' web pages (docs/rules.md, Reports).

Rows seeded with PutRight's earlier wording get the new citation; a row whose source a council has changed is
left as it is.
"""

from django.db import migrations

# (provision, the source PutRight seeded before): the citation it seeds now.
NEW_SOURCE = {
    (
        "1.2",
        "https://www.housing-ombudsman.org.uk/landlords-info/complaint-handling-code/complaint-handling-code-2024-faqs/ ; LGSCO 1.4 https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/complaint-handling-code?chapter=2",
    ): "Complaint Handling Code 2024, paragraph 1.2; LGSCO Code, paragraph 1.4",
    (
        "1.3",
        "https://www.great-yarmouth.gov.uk/article/8935/How-a-complaint-is-defined",
    ): "Complaint Handling Code 2024, paragraph 1.3",
    (
        "1.4",
        "https://www.southnorfolkandbroadland.gov.uk/housing/landlords-and-private-rent/housing-complaint-handling-code-self-assessment-2024/definition-of-a-complaint",
    ): "Complaint Handling Code 2024, paragraph 1.4",
    (
        "1.5",
        "https://www.southnorfolkandbroadland.gov.uk/housing/landlords-and-private-rent/housing-complaint-handling-code-self-assessment-2024/definition-of-a-complaint",
    ): "Complaint Handling Code 2024, paragraph 1.5",
    (
        "2.1",
        "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25/3 ; https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/complaint-handling-code?chapter=3",
    ): "Complaint Handling Code 2024, paragraph 2.1",
    (
        "2.2",
        "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25/3",
    ): "Complaint Handling Code 2024, paragraph 2.2",
    (
        "2.3",
        "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25/3 ; LGSCO 2.2 https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/complaint-handling-code?chapter=3",
    ): "Complaint Handling Code 2024, paragraph 2.3; LGSCO Code, paragraph 2.2",
    (
        "2.4",
        "LGSCO 2.4 https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/complaint-handling-code?chapter=3; number UNCONFIRMED for the Housing Ombudsman Code",
    ): "LGSCO Complaint Handling Code, paragraph 2.4",
    (
        "2.5",
        "LGSCO 2.5 https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/complaint-handling-code?chapter=3; number UNCONFIRMED for the HO Code",
    ): "LGSCO Complaint Handling Code, paragraph 2.5",
    (
        "3.1",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/4",
    ): "Complaint Handling Code 2024, paragraph 3.1",
    (
        "3.2",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/4",
    ): "Complaint Handling Code 2024, paragraph 3.2",
    (
        "3.3",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/4",
    ): "Complaint Handling Code 2024, paragraph 3.3",
    (
        "3.4",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/4 ; https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/complaint-handling-code?chapter=4; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    (
        "3.5",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/4; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    (
        "3.6",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/4; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    (
        "3.7",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/4; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 3 (accessibility and awareness)",
    (
        "4.1",
        "https://www.slough.gov.uk/housing-complaints/housing-ombudsman-complaint-handling-code-self-assessment/4",
    ): "Complaint Handling Code 2024, paragraph 4.1",
    (
        "4.2",
        "https://www.slough.gov.uk/housing-complaints/housing-ombudsman-complaint-handling-code-self-assessment/4",
    ): "Complaint Handling Code 2024, paragraph 4.2",
    (
        "4.3",
        "https://www.slough.gov.uk/housing-complaints/housing-ombudsman-complaint-handling-code-self-assessment/4",
    ): "Complaint Handling Code 2024, paragraph 4.3",
    (
        "5.1",
        "https://www.southnorfolkandbroadland.gov.uk/housing/landlords-and-private-rent/housing-complaint-handling-code-self-assessment-2024/the-complaint-handling-process",
    ): "Complaint Handling Code 2024, paragraph 5.1",
    (
        "5.2",
        "https://www.southnorfolkandbroadland.gov.uk/housing/landlords-and-private-rent/housing-complaint-handling-code-self-assessment-2024/the-complaint-handling-process",
    ): "Complaint Handling Code 2024, paragraph 5.2",
    (
        "5.3",
        "https://www.southnorfolkandbroadland.gov.uk/housing/landlords-and-private-rent/housing-complaint-handling-code-self-assessment-2024/the-complaint-handling-process",
    ): "Complaint Handling Code 2024, paragraph 5.3",
    (
        "5.4",
        "https://www.southnorfolkandbroadland.gov.uk/housing/landlords-and-private-rent/housing-complaint-handling-code-self-assessment-2024/the-complaint-handling-process (given as 5.4-5.5)",
    ): "Complaint Handling Code 2024, paragraph 5.4",
    (
        "5.5",
        "https://www.southnorfolkandbroadland.gov.uk/housing/landlords-and-private-rent/housing-complaint-handling-code-self-assessment-2024/the-complaint-handling-process (given as 5.4-5.5)",
    ): "Complaint Handling Code 2024, paragraph 5.5",
    (
        "5.6",
        "https://www.southnorfolkandbroadland.gov.uk/housing/housing-performance/south-norfolk-housing-complaint-handling-code-self-assessment-2025/the-complaint-handling-process",
    ): "Complaint Handling Code 2024, paragraph 5.6",
    (
        "6.1",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/7",
    ): "Complaint Handling Code 2024, paragraph 6.1",
    (
        "6.2",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/7",
    ): "Complaint Handling Code 2024, paragraph 6.2",
    (
        "6.3",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/7",
    ): "Complaint Handling Code 2024, paragraph 6.3",
    (
        "6.4",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/7",
    ): "Complaint Handling Code 2024, paragraph 6.4",
    (
        "6.5",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/7",
    ): "Complaint Handling Code 2024, paragraph 6.5",
    (
        "6.6",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/7",
    ): "Complaint Handling Code 2024, paragraph 6.6",
    (
        "6.7",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/7",
    ): "Complaint Handling Code 2024, paragraph 6.7",
    (
        "6.8",
        "https://go.walsall.gov.uk/corporate-complaints-policy/complaint-handling-procedure; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 6 (complaint stages)",
    (
        "6.9",
        "https://www.slough.gov.uk/complaints-feedback/housing-ombudsman-complaint-handling-code-self-assessment/5; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 6 (complaint stages)",
    (
        "6.10",
        "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25/8",
    ): "Complaint Handling Code 2024, paragraph 6.10",
    (
        "6.11",
        "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25/8",
    ): "Complaint Handling Code 2024, paragraph 6.11",
    (
        "6.12",
        "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25/8",
    ): "Complaint Handling Code 2024, paragraph 6.12",
    (
        "6.13",
        "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25/8",
    ): "Complaint Handling Code 2024, paragraph 6.13",
    (
        "6.14",
        "https://housing-ombudsman.org.uk/residents/make-a-complaint/waiting-for-a-final-response; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 6 (complaint stages)",
    (
        "6.15",
        "https://tch.org.uk/2024/05/29/changes-to-the-complaint-handling-code/ (secondary source); number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 6 (complaint stages)",
    (
        "6.17",
        "https://eastdevon.gov.uk/customer-services/feedback-and-complaints/complaints/complaints-procedure/stage-2/; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 6 (complaint stages)",
    (
        "7.1",
        "https://www.great-yarmouth.gov.uk/article/8962/Putting-things-right",
    ): "Complaint Handling Code 2024, paragraph 7.1",
    (
        "7.2",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/9",
    ): "Complaint Handling Code 2024, paragraph 7.2",
    (
        "7.3",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/9",
    ): "Complaint Handling Code 2024, paragraph 7.3",
    (
        "7.4",
        "https://oxford.gov.uk/complaints-council-housing/housing-complaint-handling-self-assessment/9 ; https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/complaint-handling-code?chapter=8",
    ): "Complaint Handling Code 2024, paragraph 7.4",
    (
        "8.1",
        "https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/complaint-handling-code?chapter=9",
    ): "Complaint Handling Code 2024, paragraph 8.1",
    (
        "8.2",
        "https://www.housing-ombudsman.org.uk/landlords-info/complaint-handling-code/self-assessment-guidance/; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 8 (self-assessment, reporting and compliance)",
    (
        "8.3",
        "https://www.housing-ombudsman.org.uk/landlords-info/complaint-handling-code/self-assessment-guidance/; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 8 (self-assessment, reporting and compliance)",
    (
        "8.4",
        "https://housing-ombudsman.org.uk/landlords-info/complaint-handling-code/the-code-2024; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 8 (self-assessment, reporting and compliance)",
    (
        "9.1",
        "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25/11",
    ): "Complaint Handling Code 2024, paragraph 9.1",
    (
        "9.2",
        "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25/11",
    ): "Complaint Handling Code 2024, paragraph 9.2",
    (
        "9.3",
        "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25/11",
    ): "Complaint Handling Code 2024, paragraph 9.3",
    (
        "9.4",
        "LGSCO 9.4 https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/complaint-handling-code?chapter=10",
    ): "LGSCO Complaint Handling Code, paragraph 9.4",
    (
        "9.5",
        "https://www.housing-ombudsman.org.uk/centre-for-learning/key-topics/mrc/member-responsible-for-complaints-faqs/ ; LGSCO 9.5 https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/complaint-handling-code?chapter=10",
    ): "Complaint Handling Code 2024, paragraph 9.5; LGSCO Code, paragraph 9.5",
    (
        "9.6",
        "https://www.housing-ombudsman.org.uk/centre-for-learning/key-topics/mrc/member-responsible-for-complaints-faqs/; number UNCONFIRMED",
    ): "Complaint Handling Code 2024, section 9 (scrutiny and oversight)",
    (
        "9.7",
        "https://www.housing-ombudsman.org.uk/centre-for-learning/key-topics/mrc/member-responsible-for-complaints-faqs/ ; LGSCO 9.6-9.7 https://www.lgo.org.uk/information-centre/information-for-organisations-we-investigate/complaint-handling-code/complaint-handling-code?chapter=10",
    ): "Complaint Handling Code 2024, paragraph 9.7; LGSCO Code, paragraphs 9.6 and 9.7",
}


def cite_the_code(apps, schema_editor):
    SelfAssessmentRow = apps.get_model("reporting", "SelfAssessmentRow")
    for row in SelfAssessmentRow.objects.filter(source__contains="http").iterator():
        new = NEW_SOURCE.get((row.provision, row.source))
        if new is not None:
            row.source = new
            row.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_report_snapshot")]

    operations = [migrations.RunPython(cite_the_code, migrations.RunPython.noop)]
