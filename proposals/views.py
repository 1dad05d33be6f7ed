from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress.models import Session
from congress.permissions import require_perm
from deputies.selectors import mandate_for
from proposals import selectors, services
from proposals.forms import AssignForm, EvaluateForm, NotRegisterForm, ProposalForm, ReplyForm
from proposals.models import Proposal, Role, Status


@login_required
def index(request):
    user = request.user
    context = {}
    if user.has_perm("proposals.view_all"):
        qs = selectors.proposals_for(user)
        status = request.GET.get("status", "")
        if status in Status.values:
            qs = qs.filter(status=status)
        context["page_obj"] = Paginator(qs.order_by("-session__start_date", "number", "pk"), 25).get_page(
            request.GET.get("page"))
        context["statuses"] = Status.choices
        context["status"] = status
    if user.has_role("unit"):
        context["assignments"] = selectors.unit_assignments(user)
        context["today"] = timezone.localdate()
    mandate = mandate_for(user)
    if mandate:
        context["mine"] = selectors.proposals_for(user).filter(lead=mandate).order_by("-pk")[:50]
    return render(request, "proposals/index.html", context)


def published(request):
    qs = Proposal.objects.filter(published=True).select_related("lead", "session__term__congress").prefetch_related(
        "assignments__reply")
    return render(request, "proposals/published.html",
                  {"page_obj": Paginator(qs.order_by("-submitted_on", "number"), 20).get_page(request.GET.get("page"))})


@require_perm("proposals.submit")
@require_http_methods(["GET", "POST"])
def new(request):
    mandate = mandate_for(request.user)
    if mandate is None:
        raise Http404
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = Session.objects.filter(term=mandate.term).order_by("-start_date").first()
        if session is None:
            form.add_error(None, _("There is no congress session to submit to."))
        else:
            p = Proposal.objects.create(session=session, lead=mandate, **form.cleaned_data)
            return redirect(p.get_absolute_url())
    return render(request, "proposals/new.html", {"form": form})


@login_required
def proposal(request, pk):
    p = get_object_or_404(selectors.proposals_for(request.user), pk=pk)
    user = request.user
    context = {"p": p, "changes": p.changes.select_related("actor"),
               "assignments": p.assignments.select_related("unit").prefetch_related("reply")}
    own = p.lead.user_id == user.pk
    if own and p.status == Status.DRAFT:
        context["can_submit"] = True
    if own and p.status == Status.REPLIED:
        context["evaluate_form"] = EvaluateForm()
    if user.has_perm("proposals.manage"):
        if p.status == Status.SUBMITTED:
            context.update(can_register=True, not_register_form=NotRegisterForm())
        if p.status == Status.REGISTERED:
            context["assign_form"] = AssignForm()
    open_lead = p.assignments.filter(role=Role.LEAD, replied_on__isnull=True, unit_id=user.organization_id).first()
    if open_lead and user.has_perm("proposals.reply"):
        context.update(reply_form=ReplyForm(), open_lead=open_lead)
    return render(request, "proposals/proposal.html", context)


def _act(request, pk, call, success, form_class=None):
    p = get_object_or_404(selectors.proposals_for(request.user), pk=pk)
    data = {}
    if form_class:
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect(p.get_absolute_url())
        data = form.cleaned_data
    try:
        call(p, data)
        messages.success(request, success)
    except services.ProposalError as exc:
        messages.error(request, str(exc))
    return redirect(p.get_absolute_url())


@login_required
@require_POST
def submit(request, pk):
    def call(p, d):
        if p.lead.user_id != request.user.pk:
            raise services.ProposalError(_("Only the lead deputy submits."))
        services.proposal_submit(proposal_id=p.pk, actor=request.user)
    return _act(request, pk, call, _("Submitted."))


@require_perm("proposals.manage")
@require_POST
def register(request, pk):
    return _act(request, pk, lambda p, d: services.proposal_register(proposal_id=p.pk, actor=request.user),
                _("Registered."))


@require_perm("proposals.manage")
@require_POST
def not_register(request, pk):
    return _act(request, pk, lambda p, d: services.proposal_not_register(proposal_id=p.pk, reason=d["reason"],
                                                                         actor=request.user),
                _("Not registered; kept as a letter."), NotRegisterForm)


@require_perm("proposals.manage")
@require_POST
def assign(request, pk):
    return _act(request, pk, lambda p, d: services.proposal_assign(proposal_id=p.pk, lead=d["lead"],
                                                                   assisting=d["assisting"], actor=request.user),
                _("Assigned."), AssignForm)


@require_perm("proposals.reply")
@require_POST
def reply(request, pk):
    def call(p, d):
        a = p.assignments.filter(role=Role.LEAD, replied_on__isnull=True, unit_id=request.user.organization_id).first()
        if a is None:
            raise services.ProposalError(_("Your unit has nothing to reply to here."))
        services.reply_submit(assignment_id=a.pk, cls=d["cls"], text=d["text"], actor=request.user)
    return _act(request, pk, call, _("Reply sent."), ReplyForm)


@login_required
@require_POST
def evaluate(request, pk):
    def call(p, d):
        if p.lead.user_id != request.user.pk:
            raise services.ProposalError(_("Only the lead deputy evaluates."))
        services.proposal_evaluate(proposal_id=p.pk, result=d["result"], comment=d["comment"], actor=request.user)
    return _act(request, pk, call, _("Thank you for your evaluation."), EvaluateForm)
