"""The workbench page's facts come from the apps above ``core`` through a registry
(``core.workbench.workbench_fact``): core imports none of them."""

from __future__ import annotations

import pytest

from jiandu.core import workbench
from jiandu.core.selectors import workbench_for
from jiandu.org.selectors import cadre_list, unit_list


@pytest.mark.django_db
def test_the_apps_register_the_facts_the_page_shows(county):
    user = county.users["leader"]
    context = workbench_for(user=user)
    assert context["cadre_count"] == cadre_list(user=user).count() > 0
    assert context["unit_count"] == unit_list(user=user).count() > 0
    assert isinstance(context["recent_events"], list)
    assert context["bench"].total == sum(context["bench"].counts.values())


def test_a_registered_fact_is_called_with_the_user(monkeypatch):
    monkeypatch.setattr(workbench, "_FACTS", {})

    @workbench.workbench_fact("answer")
    def answer(user):
        return f"for {user}"

    assert workbench.facts_for("someone") == {"answer": "for someone"}
