"""For every figure key, the staff "records" link opens a list whose row count (or the total shown on
it) equals the figure, and the public link a public summary: on a year built through the services,
one record of each kind (the cases of test_figures_move), with the year's figures nonzero."""

import pytest
from django.test import Client

from reports.tests import drilldown
from reports.tests.test_figures_move import (  # noqa: F401 (users: the fixture)
    CASES,
    YEAR,
    World,
    adopted_project,
    reported_project,
    users,
)

pytestmark = pytest.mark.django_db


def test_every_figures_records_link_shows_the_figure(client, users):  # noqa: F811
    from reports.figures import compute

    project = None  # one district slate a year: the project cases share the progress-report case's project
    for case in sorted(CASES, key=lambda c: c.setup is not reported_project):
        if case.name.startswith("district project adopted"):
            continue  # the progress-report case's setup adopts one
        w = World(YEAR, users, state={"project": project} if project else {})
        if case.setup is not adopted_project:
            case.setup(w)
        case.act(w)
        project = project or w.state.get("project")
    values = {f.key: f.value for f in compute(YEAR)}
    assert [k for k, v in values.items() if not v] == []  # every figure is counted from something
    staff = Client()
    staff.force_login(users["staff"])
    assert drilldown.mismatches(staff, Client(), YEAR) == {}
    # the year before has records of none of these kinds: its lists are empty and say so
    assert drilldown.mismatches(staff, Client(), YEAR - 1) == {}
