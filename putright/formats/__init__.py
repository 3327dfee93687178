"""Date and number formats for the languages PutRight speaks (settings.FORMAT_MODULE_PATH).

A date a customer reads is written the GOV.UK way, "18 December 2026" ("18 Rhagfyr 2026" in Welsh), wherever a
template shows it without a format of its own: the built-in letters, the wording administrators write, their
previews and the letter PDFs. Django's own English formats would give "Dec. 18, 2026".
"""
