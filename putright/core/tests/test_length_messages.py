"""A length limit is said in plain words naming the field, in English or Welsh, on every form built on GovukForm."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from putright.core.forms import GovukForm


class LetterForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    signed_by = forms.CharField(label="Signed by (optional)", max_length=100, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10)
    why = forms.CharField(label="Why did you decide this?", max_length=6000, required=False)
    name = forms.CharField(
        label="Name", max_length=20, error_messages={"max_length": "Their name must be 20 characters or fewer"}
    )


def errors(**data: str) -> dict[str, list[str]]:
    form = LetterForm(data={"title": "A title", "postcode": "CF10 1EP", "name": "Ann", **data})
    assert not form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_the_limit_and_the_length_typed_are_said_with_the_fields_name():
    assert errors(title="x" * 600) == {"title": ["Title must be 200 characters or fewer. You have 600."]}


def test_long_numbers_are_written_as_people_write_them():
    assert errors(why="x" * 6001) == {"why": ["Your answer must be 6,000 characters or fewer. You have 6,001."]}


def test_a_label_marked_optional_is_named_without_the_mark():
    assert errors(signed_by="x" * 101) == {"signed_by": ["Signed by must be 100 characters or fewer. You have 101."]}


def test_a_fields_own_message_is_kept():
    assert errors(name="x" * 21) == {"name": ["Their name must be 20 characters or fewer"]}


def test_in_welsh_the_message_is_welsh_and_names_the_field_in_welsh():
    with translation.override("cy"):
        found = errors(postcode="CF10 1EP CF10")
    assert found == {"postcode": ["Cod post: defnyddiwch 10 nod neu lai. Rydych chi wedi defnyddio 13."]}


class EmailForm(GovukForm):
    email = forms.EmailField(label="Email address", max_length=320)
    sign_in = forms.EmailField(
        label="Email address",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address", "max_length": "Enter an email address"},
    )


def test_an_email_address_too_long_gets_the_one_length_message_not_the_format_one_too():
    form = EmailForm(data={"email": "a" * 357 + "@example.com", "sign_in": "b" * 250 + "@example.com"})
    assert not form.is_valid()
    assert form.errors["email"] == ["Email address must be 320 characters or fewer. You have 369."]
    assert form.errors["sign_in"] == ["Enter an email address"]  # the same words once
    assert len(form.error_summary()) == 2
