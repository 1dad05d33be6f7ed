"""What waits in proposals: the office's registering, assigning and requests, overdue units; a unit's
assignments by deadline; a deputy's drafts, co-signatures and replies to evaluate (congress.workbench)."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congress.contrib import WorkItem
from congress.workbench import day, days_left, listed, section
from proposals import selectors
from proposals.models import Decision, Extension, Proposal, Reassignment, Status


def _proposal_item(p, note=""):
    return WorkItem(
        title=p.title,
        url=reverse("proposals:proposal", args=[p.pk]),
        note=note or day(p.submitted_on),
        due=p.submitted_on,
    )


def _request_item(r):
    a = r.assignment
    kind = _("Extension") if isinstance(r, Extension) else _("Reassignment")
    return WorkItem(
        title="%s：%s" % (kind, a.proposal.title),
        url=reverse("proposals:requests"),
        note="%s · %s" % (a.unit.name, day(timezone.localtime(r.requested_at).date())),
        due=r.requested_at.date(),
    )


def _assignment_item(a, today):
    note, overdue = days_left(a.deadline, today)
    return WorkItem(
        title=a.proposal.title,
        url=reverse("proposals:proposal", args=[a.proposal_id]),
        note=note,
        due=a.deadline,
        overdue=overdue,
    )


def entries(user):
    today = timezone.localdate()
    out = []
    if user.has_perm("proposals.view_all"):
        # the office and the leaders: what the office has to move on, oldest first
        submitted = (
            selectors.proposal_list_for(user=user).filter(status=Status.SUBMITTED).order_by("submitted_on", "pk")
        )
        out.append(
            section(
                key="proposals.register",
                title=_("Proposals waiting to be registered"),
                queryset=submitted,
                item=_proposal_item,
                url=reverse("proposals:manage") + "?status=submitted&year=",
                order=10,
            )
        )
        registered = (
            selectors.proposal_list_for(user=user).filter(status=Status.REGISTERED).order_by("submitted_on", "pk")
        )
        out.append(
            section(
                key="proposals.assign",
                title=_("Registered proposals waiting to be assigned"),
                queryset=registered,
                item=_proposal_item,
                url=reverse("proposals:manage") + "?status=registered&year=",
                order=11,
            )
        )
        if user.has_perm("proposals.manage"):
            related = ("assignment__proposal", "assignment__unit")
            requests = sorted(
                list(Extension.objects.filter(status=Decision.PENDING).select_related(*related).order_by("pk")[:50])
                + list(
                    Reassignment.objects.filter(status=Decision.PENDING).select_related(*related).order_by("pk")[:50]
                ),
                key=lambda r: r.requested_at,
            )
            out.append(
                listed(
                    key="proposals.requests",
                    title=_("Extension and reassignment requests to decide"),
                    rows=requests,
                    item=_request_item,
                    url=reverse("proposals:requests"),
                    order=12,
                )
            )
        late = list(
            selectors._open_assignments()
            .filter(deadline__lt=today)
            .values("unit_id", "unit__name")
            .annotate(n=Count("pk"), oldest=Min("deadline"))
            .order_by("oldest", "unit__name")
        )

        def unit_item(row):
            note, _late = days_left(row["oldest"], today)
            return WorkItem(
                title="%s（%s）"
                % (row["unit__name"], ngettext("%(n)d assignment", "%(n)d assignments", row["n"]) % {"n": row["n"]}),
                url=reverse("proposals:manage"),
                note=note,
                due=row["oldest"],
                overdue=True,
            )

        out.append(
            listed(
                key="proposals.overdue_units",
                title=_("Units with overdue replies"),
                rows=late,
                item=unit_item,
                url=reverse("proposals:manage"),
                order=13,
            )
        )
        if user.has_perm("proposals.supervise"):
            supervised = (
                Proposal.objects.filter(supervising_leader=user, key_supervision=True)
                .exclude(status__in=[Status.CLOSED, Status.WITHDRAWN, Status.MERGED, Status.NOT_REGISTERED])
                .order_by("submitted_on", "pk")
            )
            out.append(
                section(
                    key="proposals.supervised",
                    title=_("Key proposals I supervise"),
                    queryset=supervised,
                    item=_proposal_item,
                    url=reverse("proposals:index"),
                    order=14,
                )
            )
    if user.has_perm("proposals.reply") and user.organization_id:
        out.append(
            section(
                key="proposals.assignments",
                title=_("Assignments to reply to, by deadline"),
                queryset=selectors.unit_assignments(user=user),
                item=lambda a: _assignment_item(a, today),
                url=reverse("proposals:unit"),
                order=20,
            )
        )
    if user.has_perm("proposals.submit"):
        mine = selectors.deputy_proposals(user=user)
        out.append(
            section(
                key="proposals.to_evaluate",
                title=_("Replies to evaluate"),
                queryset=mine.filter(status=Status.REPLIED).order_by("pk"),
                item=lambda p: _proposal_item(p, note=str(_("Replied: tell how satisfied you are"))),
                url=reverse("proposals:index"),
                order=30,
            )
        )
        out.append(
            section(
                key="proposals.cosign",
                title=_("Co-signatures to confirm"),
                queryset=selectors.cosign_requests(user=user).order_by("proposal__submitted_on", "pk"),
                item=lambda c: _proposal_item(c.proposal, note=c.proposal.lead.full_name),
                url=reverse("proposals:index"),
                order=31,
            )
        )
        out.append(
            section(
                key="proposals.drafts",
                title=_("My drafts"),
                queryset=mine.filter(status=Status.DRAFT).order_by("pk"),
                item=lambda p: _proposal_item(p, note=str(_("Draft: not submitted yet"))),
                url=reverse("proposals:index"),
                order=32,
            )
        )
    return [s for s in out if s is not None]
