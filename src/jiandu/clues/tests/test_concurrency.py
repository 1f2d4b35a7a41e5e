"""Two people acting on one clue at the same time: the step takes the row lock first and
checks the state on the locked, fresh row."""

import importlib
import threading

import pytest
from django.db import connection

from jiandu.audit.models import Event
from jiandu.clues import services
from jiandu.clues.models import Clue
from jiandu.core.errors import DomainError, IllegalTransition


def _seed_categories():
    """A transactional test run earlier on this worker flushed every table, including
    the problem categories the intake migration seeds: seed them again (idempotent)."""
    from types import SimpleNamespace

    from django.apps import apps

    seeding = importlib.import_module("jiandu.intake.migrations.0002_seed_categories")
    seeding.seed(apps, SimpleNamespace(connection=connection))


def _routed_not_accepted(people, new_clue):
    clue = new_clue()
    u = people.users
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=people.units["team1"])
    services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    return clue


def _accepts(clue):
    return Event.objects.filter(action="clues.clue.accept", object_id=str(clue.pk)).count()


@pytest.mark.django_db
def test_a_stale_instance_cannot_accept_a_clue_twice(people, new_clue):
    """A page loaded before another user's step holds the old status: the service
    re-reads the clue under the lock instead of trusting the passed instance."""
    clue = _routed_not_accepted(people, new_clue)
    first, stale = Clue.objects.get(pk=clue.pk), Clue.objects.get(pk=clue.pk)
    team = people.users["resident_team"]
    services.clue_accept(actor=team, clue=first)
    with pytest.raises(IllegalTransition, match="线索当前状态为“待处置”，不能接收线索"):
        services.clue_accept(actor=team, clue=stale)
    assert _accepts(clue) == 1
    assert stale.status == "accepted"  # the caller's instance now shows the locked row


@pytest.mark.django_db
def test_a_stale_instance_cannot_undo_another_users_step(people, new_clue):
    """The team returns the clue from a page loaded before a colleague accepted it:
    refused, the clue stays accepted by the team."""
    clue = _routed_not_accepted(people, new_clue)
    stale = Clue.objects.get(pk=clue.pk)
    team = people.users["resident_team"]
    services.clue_accept(actor=team, clue=clue)
    with pytest.raises(IllegalTransition):
        services.clue_return(actor=team, clue=stale, reason="不属本单位管辖")
    clue.refresh_from_db()
    assert clue.status == "accepted"
    assert clue.handling_unit_id == people.units["team1"].pk
    assert not Event.objects.filter(action="clues.clue.return").exists()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_accepts_one_succeeds_one_is_refused(people, new_clue):
    """Two threads, two database connections, released together by a barrier: exactly
    one accept succeeds, the other gets the Chinese illegal-transition error, and the
    audit chain holds exactly one accept."""
    _seed_categories()
    clue = _routed_not_accepted(people, new_clue)
    team = people.users["resident_team"]
    # Both pages were loaded before either submit: two instances with the old status.
    instances = [Clue.objects.get(pk=clue.pk), Clue.objects.get(pk=clue.pk)]
    barrier = threading.Barrier(2)
    results: list[object] = []

    def submit(instance):
        try:
            barrier.wait(timeout=30)
            services.clue_accept(actor=team, clue=instance)
            results.append("ok")
        except DomainError as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in instances]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results.count("ok") == 1, results
    (refused,) = [r for r in results if r != "ok"]
    assert isinstance(refused, IllegalTransition)
    assert "线索当前状态为“待处置”，不能接收线索" in refused.message
    assert _accepts(clue) == 1
    clue.refresh_from_db()
    assert clue.status == "accepted"
