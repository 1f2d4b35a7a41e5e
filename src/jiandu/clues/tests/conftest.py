import pytest
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.clues import services


@pytest.fixture
def people(county):
    """The county plus a second leader (a proposer may not approve their own proposal)."""
    u = county.units
    county.users["leader2"] = User.objects.create_user(
        username="t_leader2", password="pw-12345678", role="leader", unit=u["commission"]
    )
    return county


@pytest.fixture
def new_clue(people):
    def make(received_on=None, cadre_key="edu_head", source="report", **kw):
        return services.clue_create(
            actor=people.users["case_management"],
            source=source,
            summary="反映其违规收受礼金、在工程项目中为他人谋利。",
            received_on=received_on or timezone.localdate(),
            subject_cadre=people.cadres[cadre_key],
            category_codes=["integrity", "hd_gifts"],
            **kw,
        )

    return make


@pytest.fixture
def routed(people, new_clue):
    """A clue routed to resident team 1 and accepted by it."""

    def make(**kw):
        clue = new_clue(**kw)
        u = people.users
        services.clue_propose_routing(
            actor=u["case_management"], clue=clue, unit=people.units["team1"]
        )
        services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
        services.clue_accept(actor=u["resident_team"], clue=clue)
        clue.refresh_from_db()
        return clue

    return make
