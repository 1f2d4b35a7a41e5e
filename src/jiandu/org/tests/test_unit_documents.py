"""How a unit signs its official documents: the issuer name and 文号 prefix are data in
the register, edited by the register's editors through one audited, versioned service,
and found for a document through the unit's commission."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError, PermissionDenied, StaleVersion
from jiandu.org import selectors, services

pytestmark = pytest.mark.django_db


def test_by_default_a_unit_signs_with_its_name_and_no_prefix(county):
    commission = county.units["commission"]
    issuer = selectors.document_issuer(county.units["team1"])
    assert issuer == selectors.DocumentIssuer(name=commission.name, number_prefix="")
    assert selectors.issuer_of(None) is None


def test_an_editor_sets_the_issuer_and_prefix_once_audited(county):
    editor = county.users["case_management"]
    commission = county.units["commission"]
    token = services.unit_version(commission)
    services.unit_update(
        actor=editor,
        unit=commission,
        version=token,
        document_issuer_name=" 测试县纪委监委机关 ",
        document_number_prefix="测纪",
    )
    commission.refresh_from_db()
    assert commission.issuer_name == "测试县纪委监委机关"
    # every unit under the commission drafts its documents in the commission's name
    issuer = selectors.document_issuer(county.units["town_a_commission"])
    assert issuer == selectors.DocumentIssuer(name="测试县纪委监委机关", number_prefix="测纪")
    events = Event.objects.filter(action="org.unit.update", object_id=str(commission.pk))
    assert events.count() == 1
    assert events.get().payload["document_number_prefix"] == {"from": "", "to": "测纪"}
    # saving the same values again changes nothing and records nothing
    services.unit_update(
        actor=editor,
        unit=commission,
        version=services.unit_version(commission),
        document_number_prefix="测纪",
    )
    assert events.count() == 1
    # the token the first form carried is now stale
    with pytest.raises(StaleVersion):
        services.unit_update(
            actor=editor, unit=commission, version=token, document_number_prefix="另"
        )


def test_who_may_edit_and_what(county):
    commission = county.units["commission"]
    token = services.unit_version(commission)
    with pytest.raises(PermissionDenied):
        services.unit_update(
            actor=county.users["resident_team"],
            unit=commission,
            version=token,
            document_number_prefix="测纪",
        )
    editor = county.users["case_management"]
    with pytest.raises(DomainError, match="不能修改"):
        services.unit_update(actor=editor, unit=commission, version=token, name="别的名字")
    with pytest.raises(DomainError, match="机关代字") as exc:
        services.unit_update(
            actor=editor, unit=commission, version=token, document_number_prefix="测纪〔2026〕"
        )
    assert "document_number_prefix" in exc.value.fields
    commission.refresh_from_db()
    assert commission.document_number_prefix == ""
    assert not Event.objects.filter(action="org.unit.update").exists()


def test_the_edit_page(county, client):
    commission = county.units["commission"]
    detail = reverse("org:unit_detail", args=(commission.pk,))
    edit = reverse("org:unit_edit", args=(commission.pk,))
    client.force_login(county.users["resident_team"])
    assert edit not in client.get(detail).content.decode()
    assert client.get(edit).status_code == 403
    client.force_login(county.users["case_management"])
    assert edit in client.get(detail).content.decode()
    page = client.get(edit).content.decode()
    assert 'name="document_number_prefix"' in page and 'name="version"' in page
    response = client.post(
        edit,
        {
            "version": services.unit_version(commission),
            "document_issuer_name": "",
            "document_number_prefix": "测纪",
        },
    )
    assert response.status_code == 302 and response["Location"] == detail
    commission.refresh_from_db()
    assert commission.document_number_prefix == "测纪"
    assert "测纪" in client.get(detail).content.decode()
