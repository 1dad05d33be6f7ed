"""Proposal figures for the annual report: proposals submitted in the year, counted as of its
31 December (an assignment, reply or evaluation dated later does not count; proposals.selectors)."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from congress.figures import Figure, Records
from proposals.selectors import REGISTERED, year_figures


def figures(year: int):
    from deputies.models import Commendation

    f = year_figures(year)
    public = reverse("proposals:published")
    commended = Commendation.objects.filter(year=year, kind="proposal").count()

    def records(key):
        return reverse("reports:figure_records", args=[year, key])

    return [
        Figure(
            "proposals.received",
            "deputies",
            _("Proposals received"),
            f["received"],
            _("items"),
            _("Deputies' proposals submitted in the year (by the date submitted; numbered in their session)."),
            "%s?year=%d" % (reverse("proposals:manage"), year),
            public,
        ),
        Figure(
            "proposals.reply_rate",
            "deputies",
            _("Reply rate (办复率)"),
            f["reply_rate"],
            "%",
            _(
                "Of the year's registered proposals assigned by 31 December, those whose lead unit replied in the "
                "first round by 31 December."
            ),
            records("proposals.reply_rate"),
            public,
        ),
        Figure(
            "proposals.in_time",
            "deputies",
            _("Replied in time"),
            f["in_time"],
            _("items"),
            _(
                "First-round lead-unit replies to the year's proposals given on or before the deadline and by "
                "31 December."
            ),
            records("proposals.in_time"),
            public,
        ),
        Figure(
            "proposals.satisfaction",
            "deputies",
            _("Satisfied or basically satisfied"),
            f["satisfaction_rate"],
            "%",
            _(
                "Deputies' first-round evaluations of the year's proposals dated by 31 December that are satisfied "
                "or basically satisfied."
            ),
            records("proposals.satisfaction"),
            public,
        ),
        Figure(
            "proposals.commended",
            "deputies",
            _("Excellent proposals commended"),
            commended,
            _("items"),
            _("'Excellent proposal' commendations of the year."),
            "%s?year=%d&kind=proposal" % (reverse("deputies:commendation_list"), year),
        ),
    ]


def records(key: str, year: int):
    """The first-round lead assignments (or evaluations) behind a rate or count, with the figure."""
    from proposals.models import UNSUBMITTED, Assignment, Evaluation, Role

    if key not in ("proposals.reply_rate", "proposals.in_time", "proposals.satisfaction"):
        return None
    last = dt.date(year, 12, 31)
    f = year_figures(year)
    assigned = (
        Assignment.objects.filter(
            role=Role.LEAD,
            round=1,
            withdrawn_on__isnull=True,
            assigned_on__lte=last,
            proposal__status__in=REGISTERED,
            proposal__submitted_on__year=year,
        )
        .exclude(proposal__status__in=UNSUBMITTED)
        .select_related("proposal__session", "unit", "reply")
        .order_by("proposal__session_id", "proposal__number", "pk")
    )
    if key == "proposals.satisfaction":
        evaluations = {
            e.proposal_id: e
            for e in Evaluation.objects.filter(round=1, on__lte=last, proposal__in=[a.proposal_id for a in assigned])
        }
        rows = [
            (
                a.proposal.number,
                a.proposal.title,
                a.unit.name,
                evaluations[a.proposal_id].on,
                evaluations[a.proposal_id].get_result_display(),
            )
            for a in assigned
            if a.proposal_id in evaluations
        ]
        return Records(
            [_("No."), _("Title"), _("Lead unit"), _("Evaluated on"), _("Evaluation")], rows, f["satisfaction_rate"]
        )
    rows = []
    for a in assigned:
        reply = getattr(a, "reply", None)
        replied = reply.replied_on if reply and reply.replied_on <= last else None
        in_time = bool(replied and replied <= a.deadline)
        if key == "proposals.in_time" and not in_time:
            continue
        rows.append((a.proposal.number, a.proposal.title, a.unit.name, a.assigned_on, a.deadline, replied, in_time))
    headers = [_("No."), _("Title"), _("Lead unit"), _("Assigned on"), _("Deadline"), _("Replied on"), _("In time")]
    return Records(headers, rows, f["reply_rate"] if key == "proposals.reply_rate" else len(rows))
