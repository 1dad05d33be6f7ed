import pytest

from meetings.demo import seed_meetings
from meetings.models import Meeting, Poll, VoteRecord

pytestmark = pytest.mark.django_db


def test_demo_year_through_the_services_and_idempotent(role_users):
    assert seed_meetings() == {"created": True}
    assert seed_meetings() == {"created": False}
    counts = {t: Meeting.objects.filter(date__year=2023, type=t).count() for t in ("party", "study", "delegation")}
    assert counts == {"party": 13, "study": 9, "delegation": 12}
    assert Poll.objects.filter(status="published").count() == 4
    assert VoteRecord.objects.filter(paper=True).count() == 1
    # the secret poll, cast and closed inside the seed's own transaction, still has every ballot
    from meetings.services import poll_result

    secret = Poll.objects.get(mode="secret", item__meeting__date__year=2023)
    result = poll_result(secret)
    assert result["voted"] == result["electronic"] == secret.ballots.count() > 0 and result["missing"] == 0
    first = result["rows"][0]  # some demo voters abstain or vote against: every ballot counted once
    assert first["for"] + first["against"] + first["abstain"] == result["voted"] and first["for"] >= 1
    from meetings.figures import figures

    assert {f.key: f.value for f in figures(2023)}["meetings.party_group"] == 13
