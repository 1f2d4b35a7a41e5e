"""DOMAIN.md §7 answers with hand-worked examples, through the proposal the handling
office gets (``clearance_services.proposals_for``: the record on the target date →
``rules.propose_answer``)."""

from __future__ import annotations

from datetime import date

import pytest

from jiandu.clues.models import ClueStatus
from jiandu.integrity import clearance_rules as crules
from jiandu.integrity.clearance_services import proposals_for
from jiandu.integrity.rules import CLEAR_SENTENCE, Answer, propose_answer

from .conftest import admonition, make_clue

pytestmark = pytest.mark.django_db


def _answer_for(submitted, county, key: str, on: date):
    person = submitted.people.get(cadre=county.cadres[key])
    (person,) = proposals_for([person], on=on)
    return person


def test_nothing_on_record_is_the_clear_sentence(county, submitted):
    person = _answer_for(submitted, county, "edu_head", date(2025, 12, 10))
    assert person.proposed_answer == Answer.CLEAR
    assert person.answer_text == CLEAR_SENTENCE + "。"
    assert person.facts == []


def test_influence_period_ending_the_day_before_the_target_date_is_not_negative(county, submitted):
    # 诫勉 decided 2025-06-10: 6 months, day 1 is the decision day, so the last day is
    # 2025-12-09. Target date 2025-12-10: the period ended the day before → the closed
    # clue speaks: 有问题反映但已了结.
    admonition(county.cadres["edu_head"], on=date(2025, 6, 10))
    person = _answer_for(submitted, county, "edu_head", date(2025, 12, 10))
    assert person.influence_end == date(2025, 12, 9)
    assert person.proposed_answer == Answer.CLOSED_MATTERS
    assert "均已了结" in person.answer_text and "2025年6月10日" in person.answer_text


def test_influence_period_ending_the_day_after_the_target_date_is_negative(county, submitted):
    # Same 诫勉 (last day 2025-12-09); target 2025-12-08: one day still to run → 否定性意见.
    admonition(county.cadres["edu_head"], on=date(2025, 6, 10))
    person = _answer_for(submitted, county, "edu_head", date(2025, 12, 8))
    assert person.proposed_answer == Answer.NEGATIVE
    assert "影响期至2025年12月9日" in person.answer_text


def test_the_last_day_of_the_period_is_still_inside_it(county, submitted):
    admonition(county.cadres["edu_head"], on=date(2025, 6, 10))
    person = _answer_for(submitted, county, "edu_head", date(2025, 12, 9))
    assert person.proposed_answer == Answer.NEGATIVE


def test_an_open_clue_defers_without_telling_what_it_is(county, submitted):
    make_clue(county.cadres["fin_head"], on=date(2025, 11, 3), status=ClueStatus.VERIFICATION)
    person = _answer_for(submitted, county, "fin_head", date(2025, 12, 10))
    assert person.proposed_answer == Answer.DEFER
    assert "核查" in person.answer_text and "收受礼金" not in person.answer_text
    (fact,) = person.facts
    assert fact["open"] and fact["url"].startswith("/clues/") and fact["date"] == "2025-11-03"


def test_a_clue_received_after_the_target_date_is_not_read(county, submitted):
    make_clue(county.cadres["fin_head"], on=date(2025, 12, 11), status=ClueStatus.VERIFICATION)
    person = _answer_for(submitted, county, "fin_head", date(2025, 12, 10))
    assert person.proposed_answer == Answer.CLEAR


def test_a_running_period_comes_before_an_open_matter():
    assert propose_answer(in_period=True, open_matters=True, closed_matters=True) == "negative"
    assert propose_answer(in_period=False, open_matters=True, closed_matters=True) == "defer"
    assert propose_answer(in_period=False, open_matters=False, closed_matters=True) == (
        "closed_matters"
    )
    assert propose_answer(in_period=False, open_matters=False, closed_matters=False) == "clear"


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (s, step)
        for step, t in crules.MACHINE.transitions.items()
        for s in crules.MACHINE.states
        if s not in t.sources
    ],
)
def test_every_illegal_move_is_refused(state, step):
    from jiandu.core.errors import IllegalTransition

    with pytest.raises(IllegalTransition):
        crules.MACHINE.check(state, step)
