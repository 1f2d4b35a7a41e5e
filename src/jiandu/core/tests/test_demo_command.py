"""`jiandu demo --reset` empties the database but keeps what migrations seeded."""

from datetime import date

import pytest
from django.core.management import call_command

from jiandu.accounts.models import User
from jiandu.audit.services import chain_verify
from jiandu.core.calendar import add_months, is_known_year
from jiandu.core.models import CalendarYear


@pytest.mark.django_db(transaction=True)
def test_reset_keeps_the_bundled_calendar_and_a_valid_chain(capsys):
    call_command("demo", "--reset", "--cadres", "200")
    call_command("demo", "--reset", "--cadres", "200")
    assert CalendarYear.objects.count() == 23
    assert is_known_year(2026)
    assert add_months(date(2026, 9, 1), 1) == date(2026, 10, 8)  # National Day rolled over
    assert User.objects.get(username="admin").is_superuser
    assert chain_verify().ok
    out = capsys.readouterr().out
    assert "jiandu-demo-2026" in out and "leader" in out
    # Accounts of a module that returns counts are listed too (the 被巡察单位 login).
    assert "beixuncha" in out and "xuncha2" in out
