"""A row written by `core.inserts.insert` is the row `save()` writes, and its SQL is built once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.db.models.sql.compiler import SQLInsertCompiler
from django.forms.models import model_to_dict

from putright.cases.choices import Channel, EventKind
from putright.cases.models import Contact, TimelineEvent
from putright.core.inserts import insert
from putright.notifications.models import OutboundMessage
from putright.organisation.models import PostcodeWard
from putright.people.models import Customer

pytestmark = pytest.mark.django_db

RECEIVED = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def _contact(customer: Customer | None = None) -> Contact:
    return Contact(channel=Channel.PHONE, received_at=RECEIVED, raw_text="The roof leaks.", customer=customer)


def _row(obj: object) -> dict[str, object]:
    """The row as read back from the database, without its id and the moment it was written."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)  # type: ignore[attr-defined]
    return {key: value for key, value in model_to_dict(fresh).items() if key not in ("id", "created_at")}


def test_the_row_written_is_the_row_save_writes_with_a_new_id_and_its_creation_time(make_case):
    case = make_case()
    saved = TimelineEvent(
        case=case, kind=EventKind.NOTE_ADDED, summary="Called back", data={"minutes": 5}, occurred_at=RECEIVED
    )
    saved.save(force_insert=True)
    inserted = insert(
        TimelineEvent(
            case=case, kind=EventKind.NOTE_ADDED, summary="Called back", data={"minutes": 5}, occurred_at=RECEIVED
        )
    )

    assert inserted.pk is not None and inserted.pk != saved.pk
    assert not inserted._state.adding and inserted._state.db == "default"
    assert _row(inserted) == _row(saved)
    contact = insert(_contact())
    assert contact.created_at is not None  # auto_now_add, as save() sets it
    assert Contact.objects.get(pk=contact.pk).created_at == contact.created_at


def test_a_related_row_saved_after_it_was_set_gives_its_id():
    customer = Customer(first_name="Ann", last_name="Jones")
    contact = _contact(customer)
    customer.save()

    insert(contact)

    assert Contact.objects.get(pk=contact.pk).customer_id == customer.pk


def test_the_sql_is_built_once_per_model(monkeypatch):
    insert(_contact())

    def no_building(*args: object, **kwargs: object) -> object:
        raise AssertionError("the INSERT was built again")

    monkeypatch.setattr(SQLInsertCompiler, "as_sql", no_building)
    second = insert(_contact())

    assert Contact.objects.filter(pk=second.pk).exists()


def test_a_model_whose_save_only_sets_values_first_is_written_by_insert_with_them_set(monkeypatch):
    insert(Customer(last_name="Jones"))

    def no_building(*args: object, **kwargs: object) -> object:
        raise AssertionError("the INSERT was built again")

    monkeypatch.setattr(SQLInsertCompiler, "as_sql", no_building)
    customer = insert(Customer(first_name="Ann", last_name="Jones", postcode="tv14ab"))
    assert Customer.objects.get(pk=customer.pk).postcode == "TV1 4AB"  # as Customer.save() stores it, tidied


def test_a_model_with_its_own_save_or_a_receiver_is_saved_by_save(monkeypatch):
    saved: list[object] = []
    monkeypatch.setattr(PostcodeWard, "save", lambda self, *args, **kwargs: saved.append(self))
    ward = insert(PostcodeWard(postcode="tv14ab", ward="Elm"))
    assert saved == [ward]  # its own save(), which says nothing of only setting values first

    heard: list[object] = []

    def receiver(sender: object, instance: object, **kwargs: object) -> None:
        heard.append(instance)

    post_save.connect(receiver, sender=Contact)
    try:
        contact = insert(_contact())
    finally:
        post_save.disconnect(receiver, sender=Contact)
    assert heard == [contact]


def test_a_refused_row_marks_the_transaction_for_rollback(make_case):
    case = make_case()
    message = OutboundMessage.objects.filter(case=case).first()
    assert message is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy = OutboundMessage(**{field.attname: getattr(message, field.attname) for field in message._meta.fields})
        copy.pk = None
        insert(copy)  # the same token: unique
    assert OutboundMessage.objects.filter(case=case).count() == 1
