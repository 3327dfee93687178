"""A write committed without waiting for the disk is committed all the same, and only its own transaction is."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from putright.core.commits import without_waiting_for_disk
from putright.organisation.models import PostcodeWard


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        (setting,) = cursor.fetchone()
    return str(setting)


@pytest.mark.django_db(transaction=True)
def test_the_writes_are_committed_and_later_transactions_wait_for_the_disk_again():
    with without_waiting_for_disk():
        PostcodeWard.objects.create(postcode="AB1 2CD", ward="Abbey")
        if connection.vendor == "postgresql":
            assert synchronous_commit() == "off"

    assert not connection.in_atomic_block
    assert PostcodeWard.objects.filter(postcode="AB1 2CD").exists()
    if connection.vendor == "postgresql":
        assert synchronous_commit() == "on"


@pytest.mark.django_db(transaction=True)
def test_inside_another_transaction_the_writes_are_part_of_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        with without_waiting_for_disk():
            PostcodeWard.objects.create(postcode="AB1 2CD", ward="Abbey")
        if connection.vendor == "postgresql":
            assert synchronous_commit() == "on"  # the change it joined still waits
        raise RuntimeError("the change failed")

    assert not PostcodeWard.objects.exists()
