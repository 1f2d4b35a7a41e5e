"""The one mechanism for cross-references (``jiandu.core.scoping``): a related object is
shown only if the viewer may open it, a whole list in one query per model."""

from __future__ import annotations

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from rest_framework import serializers

from jiandu.clues import services as clue_services
from jiandu.clues.models import Clue
from jiandu.core.api import ScopedPkField, ScopedRefField
from jiandu.core.scoping import (
    PLACEHOLDER,
    ScopedRef,
    only_visible,
    scoped_ref,
    scoped_refs,
    visible_or_none,
)
from jiandu.org.models import Cadre


def _clues(county):
    make = clue_services.clue_create
    cm = county.users["case_management"]
    return [
        make(
            actor=cm,
            source="own",
            summary="反映其违规收受礼金。",
            received_on=timezone.localdate(),
            subject_cadre=county.cadres[key],
        )
        for key in ("edu_head", "fin_head", "teacher", "town_b_head")
    ]


def _prime(user):
    """The user's scopes are computed once per user object (not what is measured)."""
    for domain in ("clues", "org"):
        user.unit_scope(domain)


def test_only_visible_keeps_order_in_one_query_per_model(county, django_assert_num_queries):
    clues = _clues(county)
    team1 = county.users["resident_team"]  # 派驻第一组: the education bureau and its school
    cadres = [c.subject_cadre for c in clues]
    _prime(team1)
    with django_assert_num_queries(2):
        shown = only_visible(team1, [*clues, None, *cadres])
    assert [o.pk for o in shown] == [
        clues[0].pk,
        clues[2].pk,
        county.cadres["edu_head"].pk,
        county.cadres["teacher"].pk,
    ]
    assert visible_or_none(team1, clues[1]) is None
    assert visible_or_none(county.users["leader"], clues[1]) == clues[1]


def test_hidden_references_keep_nothing_of_the_object(county):
    clues = _clues(county)
    team1 = county.users["resident_team"]
    hidden = scoped_ref(team1, clues[1])
    assert hidden == ScopedRef() and not hidden.visible
    assert (hidden.obj, hidden.label, hidden.url, str(hidden)) == (None, "", "", PLACEHOLDER)
    shown = scoped_ref(team1, clues[0])
    assert (shown.label, shown.url) == (clues[0].number, f"/clues/{clues[0].pk}/")
    # One placeholder for however many hidden ones; one each where position matters.
    assert [r.label for r in scoped_refs(team1, clues)] == [clues[0].number, clues[2].number, ""]
    assert [r.visible for r in scoped_refs(team1, clues, hidden="each")] == [
        True,
        False,
        True,
        False,
    ]
    assert len(scoped_refs(team1, clues, hidden="drop")) == 2


def test_the_ref_tag_links_what_may_be_opened_and_names_nothing_else(county):
    clues = _clues(county)
    request = RequestFactory().get("/")
    request.user = county.users["resident_team"]
    template = Template("{% for c in clues %}[{% ref c %}]{% endfor %}")
    html = template.render(Context({"clues": clues, "request": request}))
    assert f'<a href="/clues/{clues[0].pk}/">{clues[0].number}</a>' in html
    assert clues[1].number not in html and clues[3].number not in html
    assert html.count(PLACEHOLDER) == 2


class _ClueRow(serializers.ModelSerializer):
    cadre = ScopedPkField(source="subject_cadre")
    cadre_name = ScopedRefField(source="subject_cadre")

    class Meta:
        model = Clue
        fields = ["id", "cadre", "cadre_name"]


def test_api_fields_check_a_whole_page_at_once(county, django_assert_num_queries):
    _clues(county)
    rows = list(Clue.objects.select_related("subject_cadre").order_by("id"))
    team1 = county.users["resident_team"]
    _prime(team1)
    with django_assert_num_queries(2):  # one per field, not one per row
        data = _ClueRow(rows, many=True, context={"user": team1}).data
    edu, teacher = county.cadres["edu_head"], county.cadres["teacher"]
    assert [(r["cadre"], r["cadre_name"]) for r in data] == [
        (edu.pk, edu.name),
        (None, None),
        (teacher.pk, teacher.name),
        (None, None),
    ]
    # No viewer, nothing shown.
    assert _ClueRow(rows[0]).data["cadre"] is None
    assert Cadre.objects.visible_to(None).count() == 0
