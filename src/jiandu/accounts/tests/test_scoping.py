"""Each role sees exactly its units' records, and "not found" for the others."""

import pytest

from jiandu.core.errors import NotFound
from jiandu.org import selectors
from jiandu.org.models import Cadre, Relative

pytestmark = pytest.mark.django_db

ALL = {"edu_head", "teacher", "fin_head", "town_a_head", "village_head", "town_b_head"}
EXPECTED = {
    "leader": ALL,
    "case_management": ALL,
    "petition": ALL,
    "review": ALL,
    "inspection": ALL,
    "admin": ALL,
    # office1 guides team1 (supervises the education bureau and its school) and the
    # east town's commission (supervises the east town and its village).
    "supervision_office": {"edu_head", "teacher", "town_a_head", "village_head"},
    "resident_team": {"edu_head", "teacher"},
    "township_commission": {"town_a_head", "village_head"},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_exactly_its_cadres(county, role):
    user = county.users[role]
    seen = set(selectors.cadre_list(user=user).values_list("id", flat=True))
    expected = {county.cadres[k].id for k in EXPECTED[role]}
    assert seen == expected


@pytest.mark.parametrize("role", ["resident_team", "township_commission", "supervision_office"])
def test_other_units_cadre_is_not_found(county, role):
    user = county.users[role]
    outsider = county.cadres["town_b_head"]
    with pytest.raises(NotFound):
        selectors.cadre_get_for(user=user, pk=outsider.pk)
    with pytest.raises(NotFound):  # a missing id gives the very same answer
        selectors.cadre_get_for(user=user, pk=999999)


def test_scope_does_not_duplicate_cadres_with_several_posts(county):
    from datetime import date

    from jiandu.org import services

    cadre = county.cadres["teacher"]
    services.post_create(
        actor=None,
        cadre=cadre,
        unit=county.units["dept_edu"],
        title="兼职干事",
        start_date=date(2021, 1, 1),
    )
    ids = list(
        selectors.cadre_list(user=county.users["resident_team"]).values_list("id", flat=True)
    )
    assert len(ids) == len(set(ids)) == 2


def test_relatives_follow_the_cadre_scope(county):
    from jiandu.org import services

    services.relative_create(
        actor=None, cadre=county.cadres["town_b_head"], relation="spouse", name="赵敏"
    )
    services.relative_create(
        actor=None, cadre=county.cadres["town_a_head"], relation="child", name="张小伟"
    )
    names = set(
        Relative.objects.visible_to(county.users["township_commission"]).values_list(
            "name", flat=True
        )
    )
    assert names == {"张小伟"}
    assert Relative.objects.visible_to(county.users["leader"]).count() == 2


def test_unit_scope_closure(county):
    scope = county.users["township_commission"].unit_scope("org")
    u = county.units
    assert {u["town_a"].id, u["village_a"].id, u["town_a_commission"].id} <= scope.unit_ids
    assert u["town_b"].id not in scope.unit_ids
    assert u["dept_edu"].id not in scope.unit_ids


def test_inactive_and_anonymous_users_see_nothing(county):
    from django.contrib.auth.models import AnonymousUser

    user = county.users["leader"]
    user.is_active = False
    user.save()
    user.__dict__.pop("_unit_scope_cache", None)
    assert not Cadre.objects.visible_to(user).exists()
    assert not Cadre.objects.visible_to(AnonymousUser()).exists()


def test_domain_without_access_is_empty(county):
    # The inspection office has no access to clues (a later module's domain).
    assert county.users["inspection"].unit_scope("clues").unit_ids == frozenset()
    assert not county.users["inspection"].unit_scope("clues").all
    assert county.users["leader"].unit_scope("clues").all


def test_scope_follows_current_posts_when_a_cadre_is_transferred(county):
    from datetime import date

    from jiandu.org import services
    from jiandu.org.models import Post

    cadre = county.cadres["teacher"]
    services.post_end(actor=None, post=Post.objects.get(cadre=cadre), end_date=date(2025, 6, 30))
    services.post_create(
        actor=None,
        cadre=cadre,
        unit=county.units["dept_fin"],
        title="科员",
        start_date=date(2025, 7, 1),
    )
    team1 = set(
        selectors.cadre_list(user=county.users["resident_team"]).values_list("name", flat=True)
    )
    assert team1 == {"张伟"}  # the teacher left the education bureau's school
    with pytest.raises(NotFound):
        selectors.cadre_get_for(user=county.users["resident_team"], pk=cadre.pk)
    team2 = county.users["resident_team"].__class__.objects.create_user(
        username="t_team2", password="x" * 12, role="resident_team", unit=county.units["team2"]
    )
    assert selectors.cadre_get_for(user=team2, pk=cadre.pk) == cadre
