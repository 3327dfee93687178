"""Demo data for a fictional district council: the organisation, its staff and years of cases.

`organisation.create_organisation()` sets up the council; `cases.seed_cases()` writes the cases in bulk. Both are
called by `manage.py seed_demo`. Nothing here is used by the running application.
"""
