from django.db.models import Count, F, Q, QuerySet

from congress.models import User
from proposals.models import Assignment, Evaluation, Proposal, Role, Status


def proposals_for(user: User) -> QuerySet[Proposal]:
    """What ``user`` may see: staff and leaders all; a deputy their own, co-signed and published;
    a unit contact those assigned to their unit; the public the published."""
    qs = Proposal.objects.select_related("session__term__congress", "lead")
    if user.is_authenticated and user.has_perm("proposals.view_all"):
        return qs
    cond = Q(published=True)
    if user.is_authenticated:
        mandate_ids = list(user.mandates.values_list("pk", flat=True))
        cond |= Q(lead_id__in=mandate_ids) | Q(cosigners__in=mandate_ids)
        if user.organization_id and user.has_role("unit"):
            cond |= Q(assignments__unit_id=user.organization_id)
    return qs.filter(cond).exclude(~Q(lead__user=user) & Q(status=Status.DRAFT)).distinct()


def unit_assignments(user: User) -> QuerySet[Assignment]:
    return (Assignment.objects.filter(unit_id=user.organization_id, replied_on__isnull=True)
            .select_related("proposal__lead", "unit").order_by("deadline", "pk"))


def year_figures(year: int) -> dict:
    """Counted for proposals submitted in the year (the year's congress session)."""
    submitted = Proposal.objects.filter(submitted_on__year=year)
    received = submitted.count()
    registered = submitted.exclude(status__in=[Status.DRAFT, Status.SUBMITTED, Status.NOT_REGISTERED])
    leads = Assignment.objects.filter(proposal__in=registered, role=Role.LEAD, round=1)
    answered = leads.filter(replied_on__isnull=False).aggregate(
        n=Count("pk"), in_time=Count("pk", filter=Q(replied_on__lte=F("deadline"))))
    evaluations = Evaluation.objects.filter(proposal__in=registered, round=1).aggregate(
        n=Count("pk"), ok=Count("pk", filter=Q(result__in=["satisfied", "basic"])))
    assigned = leads.count()
    return {"received": received, "registered": registered.count(), "assigned": assigned,
            "replied": answered["n"], "in_time": answered["in_time"],
            "reply_rate": round(answered["n"] * 100 / assigned, 1) if assigned else 0,
            "satisfaction_rate": round(evaluations["ok"] * 100 / evaluations["n"], 1) if evaluations["n"] else 0}
