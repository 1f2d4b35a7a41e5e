"""The demo part of the early alerts on the test county: every kind it detects is
raised (targeted records added where the data lacks one) and some are handled."""

from datetime import date

import pytest

from jiandu.core.testing import make_uscc
from jiandu.integrity.models import Alert

pytestmark = pytest.mark.django_db


def test_the_demo_raises_every_kind_and_handles_some(county, make_hit):
    from jiandu.devtools.demo import integrity_alerts
    from jiandu.org.models import Company

    uscc = make_uscc(3)
    Company.objects.create(uscc=uscc, name="东镇建材有限公司")
    rows = [
        {
            "dataset": "contracts",
            "row": 2,
            "values": {"contract_id": "HT-9", "supplier_uscc": uscc},
        },
        {"dataset": "relatives", "row": 4, "values": {"relation": "子女", "name": "张小明"}},
    ]
    make_hit("R03", county.cadres["town_a_head"], county.units["town_a"], rows)
    counts = integrity_alerts.load(seed=7, today=date(2025, 3, 2))
    kinds = set(Alert.objects.values_list("kind", flat=True))
    assert kinds == {
        "long_key_post",
        "repeated_reports",
        "same_problem",
        "relative_contract",
        "company_role",
    }
    assert counts["integrity_alerts"] == Alert.objects.count()
    handled = Alert.objects.exclude(status="open")
    assert counts["integrity_alerts_handled"] == handled.count() >= len(kinds)
    assert all(a.handling_note for a in handled)
    # the targeted reports went through the petition office's registration
    from jiandu.audit.models import Event

    assert Event.objects.filter(action="intake.report.register").count() == 5
