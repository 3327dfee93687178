"""The services and categories the shipped example mappings name (as the demo council has them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from putright.organisation.choices import Role
from putright.organisation.models import Category, Organisation, ServiceArea, User

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "imports"
SERVICES = {
    "waste-recycling": ("Waste and recycling", ["Missed collection", "Bin crew conduct"], False),
    "housing-repairs": ("Housing repairs", ["Damp and mould", "Communal repairs"], True),
    "housing-management": ("Housing management and tenancy", ["Anti-social behaviour"], True),
    "council-tax-benefits": ("Council tax and benefits", ["Council tax bill wrong", "Housing benefit delay"], False),
    "planning": ("Planning", ["Planning enforcement", "Planning application handling"], False),
    "environmental-health": ("Environmental health", ["Noise nuisance", "Pest control"], False),
    "parking": ("Parking", ["Penalty charge notice"], False),
}


@pytest.fixture
def council(organisation: Organisation) -> Organisation:
    for slug, (name, categories, is_housing) in SERVICES.items():
        service = ServiceArea.objects.create(
            name=name, slug=slug, is_housing=is_housing, default_procedure_slug="joint-code"
        )
        for category in categories:
            Category.objects.create(name=category, service_area=service)
    return organisation


@pytest.fixture
def administrator(council: Organisation) -> User:
    return User.objects.create_user(
        username="ada_admin", password="correct-horse-battery", role=Role.ADMINISTRATOR, first_name="Ada"
    )
