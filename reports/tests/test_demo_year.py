"""The demo year reproduces the 2023 work summary's figures, computed through the report's selector."""

from decimal import Decimal

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SEED_2023 = {
    "deputies.by_elected_city": 4,
    "deputies.by_elected_district": 35,
    "deputies.group_activities": 10,
    "deputies.group_suggestions": 40,
    "deputies.attendance": 229,
    "deputies.reception_visits": 3150,
    "deputies.opinions_collected": 1073,
    "deputies.opinions_resolved": 739,
    "deputies.dialogues": 15,
    "deputies.commended": 30,
    "projects.district_voted": 20,
    "projects.district_total": Decimal("6.35"),
    "projects.district_completed": Decimal("5.87"),
    "projects.town_voted": 100,
    "projects.town_total": Decimal("9.09"),
    "projects.inspections": 12,
    "projects.suggestions": 27,
    "oversight.research_reports": 10,
    "appointments.person_times": 45,
    "meetings.party_group": 13,
    "meetings.central_study": 9,
    "meetings.themed_study": 5,
    "meetings.exchanges": 3,
    "meetings.delegations": 12,
    "proposals.received": 257,
    "proposals.reply_rate": 100.0,
    "proposals.commended": 15,
}


def test_the_2023_figures_come_out_of_the_demo_year():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    from reports.selectors import report_for

    values = {f.key: f.value for f in report_for(2023)["figures"]}
    assert {k: values.get(k) for k in SEED_2023} == SEED_2023
    assert values["deputies.in_office"] >= 300  # "300+ deputies"
    assert values["reports.articles"] >= 400  # "400+ articles"
    from reports.models import Narrative

    narrative = Narrative.objects.filter(report__year=2023, report__published=True)
    assert sorted(narrative.exclude(photo="").values_list("part", flat=True)) == [
        "deputies",
        "people",
        "political",
        "self",
    ]
    # 2022 is there to compare with: every count of the seed is there, thinner (no by-elections that year)
    before = {f.key: f.value for f in report_for(2022)["figures"]}
    compared = [k for k in SEED_2023 if not k.startswith("deputies.by_elected")]
    assert [k for k in compared if not 0 < before[k] <= SEED_2023[k]] == []
    assert before["proposals.received"] < SEED_2023["proposals.received"]
    assert before["projects.district_total"] < SEED_2023["projects.district_total"]
    assert Narrative.objects.filter(report__year=2022, report__published=True).count() == 4
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # a second run changes no figure
    from reports.figures import compute

    assert {f.key: f.value for f in compute(2023)} == values
    assert {f.key: f.value for f in compute(2022)} == before
    # every figure's staff records link shows the figure; its public link answers the public
    from django.test import Client

    from congress.models import User
    from reports.tests import drilldown

    staff = Client()
    staff.force_login(User.objects.get(username="staff"))
    assert drilldown.mismatches(staff, Client(), 2023) == {}
