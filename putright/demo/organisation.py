"""The demo council: its profile, services, teams, categories and staff with known sign-ins.

Safe to run again: every row is found by its natural key and updated, so a second run adds nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from putright.demo import text
from putright.organisation.choices import Role
from putright.organisation.models import Category, Organisation, ServiceArea, Team, User


@dataclass
class DemoOrganisation:
    """The rows the case generator picks from, loaded once."""

    organisation: Organisation
    services: list[tuple[ServiceArea, text.ServiceText]]
    teams: dict[str, list[Team]]  # service slug -> teams
    categories: dict[tuple[str, str], Category]  # (service slug, category name) -> category
    users: dict[str, User]
    officers: dict[str, list[User]] = field(default_factory=dict)  # service slug -> investigating officers
    heads: dict[str, User] = field(default_factory=dict)  # service slug -> head of service

    @property
    def councillors(self) -> list[User]:
        return [user for user in self.users.values() if user.role == Role.COUNCILLOR]

    @property
    def heads_of_service(self) -> list[User]:
        return [user for user in self.users.values() if user.role == Role.HEAD_OF_SERVICE]


def demo_usernames() -> list[str]:
    return [row[0] for row in text.STAFF]


@transaction.atomic
def create_organisation() -> DemoOrganisation:
    organisation = Organisation.objects.order_by("pk").first() or Organisation()
    organisation.name = text.COUNCIL_NAME
    organisation.nation = "ENG"
    organisation.homes_count = 10_214
    organisation.population = 155_700
    organisation.complaints_email = text.COUNCIL_EMAIL
    organisation.complaints_phone = text.COUNCIL_PHONE
    organisation.responsible_person = "Dr Amara Okafor, Director of Adult Social Services"
    organisation.save()

    services: list[tuple[ServiceArea, text.ServiceText]] = []
    teams: dict[str, list[Team]] = {}
    categories: dict[tuple[str, str], Category] = {}
    for spec in text.SERVICES:
        service, _ = ServiceArea.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "directorate": spec.directorate,
                "is_restricted": spec.is_restricted,
                "is_housing": spec.is_housing,
                "default_procedure_slug": spec.procedure,
                "is_active": True,
            },
        )
        services.append((service, spec))
        teams[spec.slug] = [Team.objects.get_or_create(service_area=service, name=name)[0] for name in spec.teams]
        for category in spec.categories:
            categories[(spec.slug, category.name)] = Category.objects.get_or_create(
                service_area=service, name=category.name
            )[0]

    # One hash for everyone: hashing 35 passwords separately would take seconds for the same known password.
    password = make_password(text.DEMO_PASSWORD)
    users: dict[str, User] = {}
    for username, first, last, role, service_slug, team_index, job_title in text.STAFF:
        team = teams[service_slug][team_index] if service_slug else None
        is_admin = role == Role.ADMINISTRATOR
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "team": team,
                "job_title": job_title,
                "email": f"{slugify(first)}.{slugify(last)}@thornburyvale.example.org",
                "phone": f"01632 96{len(users):04d}",
                "password": password,
                "is_active": True,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                # The statutory complaints manager handles social-care complaints for every team.
                "can_see_restricted": username == "s.quinn",
                "reads_access_log": username == "dpo",
            },
        )
        users[username] = user

    demo = DemoOrganisation(
        organisation=organisation, services=services, teams=teams, categories=categories, users=users
    )
    for user in users.values():
        if user.team is None:
            continue
        slug = next(spec.slug for service, spec in services if service.pk == user.team.service_area_id)
        if user.role == Role.INVESTIGATING_OFFICER:
            demo.officers.setdefault(slug, []).append(user)
        elif user.role == Role.HEAD_OF_SERVICE:
            demo.heads[slug] = user
    return demo
