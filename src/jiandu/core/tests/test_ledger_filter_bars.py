"""Every ledger's filter bar is the clue ledger's (core.ledger.Ledger.filter_form):
several values as toggle buttons (never a multi-select that needs Ctrl-click), "全部…"
instead of Django's "---------", dates with the browser's date picker. Checked for every
ledger page of the project, so a new ledger cannot fall behind."""

from __future__ import annotations

import pytest
from django import forms
from django.test import RequestFactory

from jiandu.core.tests.test_url_contracts import url_patterns

pytestmark = pytest.mark.django_db


def _ledgers():
    seen = {}
    for _route, name, callback in url_patterns():
        ledger = getattr(callback, "ledger", None)
        if ledger is not None and ledger.filterset is not None:
            seen.setdefault(id(ledger), (name, ledger))
    return list(seen.values())


def test_the_reports_ledger_is_among_them():
    assert "intake:report_list" in {name for name, _ in _ledgers()}


@pytest.mark.parametrize("name_ledger", _ledgers(), ids=lambda nl: nl[0])
def test_filter_bar_is_the_shared_one(name_ledger, county):
    name, ledger = name_ledger
    request = RequestFactory().get("/")
    request.user = county.users["leader"] if "accounts" not in name else county.users["admin"]
    form = ledger.filter_form(request)
    visible, _hidden = ledger.form_fields(form)
    for bound in visible:
        html = str(bound)
        assert "---------" not in html, (name, bound.name)
        assert not ("<select" in html and " multiple" in html), (name, bound.name)
        if isinstance(bound.field, forms.DateField):
            assert 'type="date"' in html, (name, bound.name)


def test_reports_ledger_status_is_a_row_of_toggles(county, client_for):
    from django.urls import reverse

    html = client_for(county.users["petition"]).get(reverse("intake:report_list")).content.decode()
    assert 'data-testid="status-filter"' in html
    assert html.count('type="checkbox" name="status"') >= 4
    assert "全部来源渠道" in html and 'name="received_from"' in html
    assert 'type="date" name="received_from"' in html or 'name="received_from" type="date"' in html
