"""The audit chain: verify, and detection of an edited, deleted or inserted row."""

import itertools
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from jiandu.audit.models import ChainHead, Event
from jiandu.audit.services import GENESIS, chain_verify, event_digest, event_record


def _record(n, actor=None, prefix="test.event"):
    for i in range(n):
        with transaction.atomic():
            event_record(
                actor=actor,
                action=f"{prefix}.{i}",
                object_type="test",
                object_id=str(i),
                payload={"i": i, "amount": "12.50", "名称": "测试"},
            )


@pytest.mark.django_db
def test_intact_chain_verifies():
    _record(5)
    report = chain_verify()
    assert report.ok, report.message
    assert report.checked == 5
    events = list(Event.objects.order_by("seq"))
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))


@pytest.mark.django_db
def test_services_write_events_with_actor_and_unit(county):
    from jiandu.org import services

    user = county.users["admin"]
    before = Event.objects.count()
    cadre = services.cadre_update(actor=user, cadre=county.cadres["teacher"], rank="township")
    event = Event.objects.order_by("-seq").first()
    assert Event.objects.count() == before + 1
    assert (event.action, event.actor_id, event.unit_id) == (
        "org.cadre.update",
        user.id,
        user.unit_id,
    )
    assert event.object_id == str(cadre.pk)
    assert event.payload == {"rank": {"from": "general", "to": "township"}}
    assert chain_verify().ok


@pytest.mark.django_db
def test_edited_row_is_detected():
    _record(6)
    Event.objects.filter(seq=3).update(reason="事后修改")
    report = chain_verify()
    assert not report.ok and report.broken_seq == 3
    assert "篡改" in report.message


@pytest.mark.django_db
def test_edited_row_with_recomputed_plain_hash_is_detected():
    # An attacker without the HMAC key cannot make a matching hash.
    import hashlib

    _record(4)
    e = Event.objects.get(seq=2)
    Event.objects.filter(seq=2).update(
        payload={"i": 99}, hash=hashlib.sha256(b"forged").hexdigest()
    )
    report = chain_verify()
    assert not report.ok and report.broken_seq == 2
    assert e.hash != Event.objects.get(seq=2).hash


@pytest.mark.django_db
def test_deleted_row_in_the_middle_is_detected():
    _record(6)
    Event.objects.filter(seq=4).delete()
    report = chain_verify()
    assert not report.ok and report.broken_seq == 4
    assert "缺失" in report.message


@pytest.mark.django_db
def test_deleted_last_row_is_detected():
    _record(3)
    Event.objects.filter(seq=3).delete()
    report = chain_verify()
    assert not report.ok and report.broken_seq == 3


@pytest.mark.django_db
def test_inserted_row_is_detected():
    from django.utils import timezone

    _record(4)
    # Shift the tail up by one, insert a forged row at seq 3 linked to seq 2, and
    # re-link the next row to it: only the missing HMAC key gives it away.
    for seq in (4, 3):
        Event.objects.filter(seq=seq).update(seq=seq + 1)
    prev = Event.objects.get(seq=2)
    Event.objects.filter(seq=4).update(prev_hash="e" * 64)  # free the unique link first
    forged = Event(
        seq=3,
        created_at=timezone.now(),
        action="forged",
        prev_hash=prev.hash,
        hash="f" * 64,
        payload={},
    )
    forged.save(force_insert=True)
    Event.objects.filter(seq=4).update(prev_hash=forged.hash)
    report = chain_verify()
    assert not report.ok and report.broken_seq == 3


@pytest.mark.django_db
def test_a_fork_is_refused_by_the_database():
    from django.db import IntegrityError
    from django.utils import timezone

    _record(2)
    first = Event.objects.get(seq=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event(
            seq=3,
            created_at=timezone.now(),
            action="fork",
            prev_hash=first.hash,
            hash="a" * 64,
            payload={},
        ).save(force_insert=True)


@pytest.mark.django_db(transaction=True)
def test_event_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        event_record(actor=None, action="x")


@pytest.mark.django_db
def test_digest_depends_on_every_field():
    _record(1)
    e = Event.objects.get(seq=1)
    for field, value in [("action", "y"), ("reason", "r"), ("to_state", "s"), ("object_id", "9")]:
        original = getattr(e, field)
        setattr(e, field, value)
        assert event_digest(e, e.prev_hash) != e.hash
        setattr(e, field, original)
    assert event_digest(e, e.prev_hash) == e.hash


@pytest.mark.django_db
def test_verify_command():
    _record(2)
    call_command("audit", "verify")
    Event.objects.filter(seq=1).update(action="changed")
    with pytest.raises(CommandError, match="第1条"):
        call_command("audit", "verify")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    """Several threads append at once (PostgreSQL: row lock on the chain head; SQLite:
    BEGIN IMMEDIATE). The chain stays one line with no gap and no duplicate link."""
    ChainHead.objects.get_or_create(pk=1)
    threads, errors = [], []
    per_thread, n_threads = 15, 6

    def work(k):
        try:
            _record(per_thread, prefix=f"thread{k}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    for k in range(n_threads):
        threads.append(threading.Thread(target=work, args=(k,)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Event.objects.count() == per_thread * n_threads
    report = chain_verify()
    assert report.ok, report.message
    assert sorted(Event.objects.values_list("seq", flat=True)) == list(
        range(1, per_thread * n_threads + 1)
    )
