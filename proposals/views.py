"""Proposal pages: bind a form, call one service or selector, render or redirect."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress.files import serve_file
from congress.forms import form_errors_text
from congress.models import Session
from congress.permissions import require_perm
from deputies.selectors import mandate_for, mandate_in_force, mandate_is_in_force, mandates_in_force
from proposals import permissions, selectors, services
from proposals.filters import ProposalYearFilter
from proposals.forms import (
    AssignForm,
    BulkAssignForm,
    DecideForm,
    EvaluateForm,
    ExtensionForm,
    FollowUpForm,
    MergeForm,
    NotRegisterForm,
    OpinionForm,
    ProposalForm,
    ReassignForm,
    ReplyForm,
    StatisticsForm,
    VisitForm,
)
from proposals.models import Attachment, Extension, Proposal, Reassignment, ReplyClass, Status
from proposals.search import similar_proposals

_errors = form_errors_text


@login_required
def index(request):
    """Each role's start: the deputy's proposals and co-sign requests, links to the unit and staff pages."""
    user = request.user
    context = {"is_unit": user.has_role("unit"), "can_manage": user.has_perm("proposals.view_all")}
    mandate = mandate_for(user)
    if mandate:
        today = timezone.localdate()
        context["mine"] = selectors.deputy_proposals(user=user)[:100]
        context["today"] = today
        in_force = mandates_in_force(deputies=user.mandates.values("pk"), on=today)
        context["can_propose"] = bool(in_force)
        # co-sign requests only for the mandates still in force (a city mandate ended, the district one not)
        context["cosign"] = (
            [c for c in selectors.cosign_requests(user=user) if c.deputy_id in in_force] if in_force else []
        )
        if not in_force:
            context["mandate_notice"] = services.mandate_refusal(mandate, today)
    return render(request, "proposals/index.html", context)


def published(request):
    page = Paginator(selectors.published_list(), 20).get_page(request.GET.get("page"))
    return render(request, "proposals/published.html", {"page_obj": page})


@require_perm("proposals.submit")
@require_http_methods(["GET", "POST"])
def new(request):
    today = timezone.localdate()
    mandate = mandate_in_force(user=request.user, on=today)
    if mandate is None:
        ended = mandate_for(request.user)
        if ended is None:
            raise Http404
        messages.error(request, services.mandate_refusal(ended, today))
        return redirect("proposals:index")
    form = ProposalForm(request.POST or None, request.FILES or None, mandate=mandate)
    if request.method == "POST" and form.is_valid():
        session = Session.objects.filter(term=mandate.term).order_by("-start_date").first()
        if session is None:
            form.add_error(None, _("There is no congress session to submit to."))
        else:
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    p = services.proposal_create(
                        lead=mandate,
                        session=session,
                        kind=data["kind"],
                        title=data["title"],
                        category=data["category"],
                        content=data["content"],
                        cosigners=data["cosigners"],
                        actor=request.user,
                    )
                    for upload in data["files"]:
                        services.attachment_add(proposal_id=p.pk, upload=upload, actor=request.user)
            except services.ProposalError as exc:
                _add_refusal(form, exc)
            else:
                messages.success(request, _("Draft saved. Check it, then submit it."))
                return redirect(p.get_absolute_url())
    return render(request, "proposals/new.html", {"form": form})


@login_required
def similar(request):
    """The earlier proposals most like the typed title (static/js/similar.js asks while a deputy writes):
    JSON, only what the user may see; an empty list for a title too short or junk."""
    exclude = request.GET.get("exclude", "")
    found = similar_proposals(
        user=request.user,
        title=request.GET.get("title", "")[:400],
        exclude_pk=int(exclude) if exclude.isdigit() and len(exclude) < 10 else None,
    )
    results = [{"title": str(p), "url": p.get_absolute_url(), "note": _similar_note(p)} for p in found]
    return JsonResponse({"results": results})


def _similar_note(p) -> str:
    return "%s · %s" % (p.session, p.get_status_display())


def _own_draft(request, pk) -> Proposal:
    """The user's own draft, or 404 (for someone else's, a submitted one, a missing one alike)."""
    p = selectors.proposal_get_for(user=request.user, pk=pk)
    if not permissions.is_lead_deputy(request.user, p) or p.status != Status.DRAFT:
        raise Http404
    return p


@require_perm("proposals.submit")
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """Change a draft: its text, kind, category and co-signers; files chosen here are added to it."""
    p = _own_draft(request, pk)
    initial = {
        "kind": p.kind,
        "title": p.title,
        "category": p.category,
        "content": p.content,
        "cosigners": [c.deputy_id for c in p.cosignatures.all()],
    }
    form = ProposalForm(request.POST or None, request.FILES or None, mandate=p.lead, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.proposal_update(
                    proposal_id=p.pk,
                    kind=data["kind"],
                    title=data["title"],
                    category=data["category"],
                    content=data["content"],
                    cosigners=data["cosigners"],
                    actor=request.user,
                )
                for upload in data["files"]:
                    services.attachment_add(proposal_id=p.pk, upload=upload, actor=request.user)
        except services.ProposalError as exc:
            _add_refusal(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(p.get_absolute_url())
    attachments = [a for a in p.attachments.all() if not a.is_reply_letter]
    return render(request, "proposals/new.html", {"form": form, "p": p, "attachments": attachments})


@login_required
@require_POST
def withdraw(request, pk):
    return _act(
        request,
        pk,
        lambda p, d: services.proposal_withdraw(proposal_id=p.pk, actor=request.user),
        _("The draft is withdrawn."),
    )


@login_required
@require_POST
def attachment_remove(request, pk):
    att = get_object_or_404(Attachment, pk=pk)
    p = selectors.proposal_get_for(user=request.user, pk=att.proposal_id)
    try:
        services.attachment_remove(attachment_id=att.pk, actor=request.user)
    except services.ProposalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The file %(name)s is removed.") % {"name": att.name})
    return redirect(p.get_absolute_url())


def _proposal_context(request, p, bound=None) -> dict:
    """The proposal page's context. ``bound`` maps a form's context name (``reply_form``, …) to a
    refused bound form, shown in place of the empty one so the user's input and its errors stay."""
    bound = bound or {}
    user = request.user

    def form(name, form_class, **kwargs):
        return bound[name] if name in bound else form_class(**kwargs)

    context = {"p": p, **selectors.proposal_detail(proposal=p), "today": timezone.localdate()}
    own = permissions.is_lead_deputy(user, p)
    manage = user.has_perm("proposals.manage")
    today = context["today"]
    # the buttons follow the services' rule: a mandate in force today (one query, only when it matters)
    if own and p.status == Status.DRAFT:
        context["can_submit"] = mandate_is_in_force(deputy=p.lead, on=today)
        context["can_edit"] = context["can_submit"]
        context["can_withdraw"] = True
        if not context["can_submit"]:
            context["mandate_notice"] = services.mandate_refusal(p.lead, today)
    mine = next((c for c in context["cosignatures"] if c.deputy.user_id == user.pk and not c.confirmed_at), None)
    if mine and p.status in (Status.SUBMITTED, Status.REGISTERED):
        context["can_cosign"] = mandate_is_in_force(deputy=mine.deputy, on=today)
        if not context["can_cosign"]:
            context["mandate_notice"] = services.mandate_refusal(mine.deputy, today, cosign=True)
    if own and p.status == Status.REPLIED:
        context["evaluate_form"] = form("evaluate_form", EvaluateForm)
    if manage and p.status == Status.SUBMITTED:
        context.update(can_register=True, not_register_form=form("not_register_form", NotRegisterForm))
    if manage and p.status in (Status.SUBMITTED, Status.REGISTERED):
        context["similar"] = similar_proposals(user=user, title=p.title, exclude_pk=p.pk)
    if manage and p.status in (Status.SUBMITTED, Status.REGISTERED):
        context["merge_form"] = form("merge_form", MergeForm)
    if manage and p.status == Status.REGISTERED:
        context["assign_form"] = form("assign_form", AssignForm)
    if manage and p.status in (Status.REPLIED, Status.FOLLOW_UP, Status.CLOSED):
        context["can_publish"] = True
    if user.has_perm("proposals.supervise") and p.status not in (
        Status.DRAFT,
        Status.WITHDRAWN,
        Status.NOT_REGISTERED,
        Status.MERGED,
    ):
        context["can_supervise"] = True
        if p.key_supervision:
            context["visit_form"] = form("visit_form", VisitForm, initial={"on": timezone.localdate()})
    mine = [a for a in context["assignments"] if permissions.unit_may_act(user, a)]
    for a in mine:
        a.proposal = p
        if permissions.can_reply(user, a):
            context.update(
                reply_form=form("reply_form", ReplyForm),
                extension_form=form("extension_form", ExtensionForm),
                open_lead=a,
            )
        elif permissions.can_send_opinion(user, a):
            context.update(opinion_form=form("opinion_form", OpinionForm), open_assist=a)
        if a.assigned_on + dt.timedelta(days=services.rules_for(p).reassign_days) >= timezone.localdate():
            context.update(reassign_form=form("reassign_form", ReassignForm), reassign_assignment=a)
    if (
        p.status == Status.FOLLOW_UP
        and user.has_role("unit")
        and any(a.unit_id == user.organization_id and a.role == "lead" for a in context["assignments"])
    ):
        context["follow_up_form"] = form("follow_up_form", FollowUpForm)
    return context


@login_required
def proposal(request, pk):
    p = selectors.proposal_get_for(user=request.user, pk=pk)
    return render(request, "proposals/proposal.html", _proposal_context(request, p))


def _refused(request, p, name, form):
    """Show the proposal page again with the refused ``form`` (what was typed, the errors beside the
    fields). A form the page would not offer this user falls back to a message and a redirect."""
    context = _proposal_context(request, p, bound={name: form})
    if context.get(name) is not form:
        messages.error(request, _errors(form))
        return redirect(p.get_absolute_url())
    return render(request, "proposals/proposal.html", context)


def _add_refusal(form, exc: services.ProposalError):
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


@login_required
def attachment(request, pk):
    """Serve a file only to those who may see its proposal (404 otherwise, as if it did not exist)."""
    att = get_object_or_404(Attachment, pk=pk)
    selectors.proposal_get_for(user=request.user, pk=att.proposal_id)
    return serve_file(att.file, content_type=att.mime, filename=att.name)


def _act(request, pk, call, success, form_class=None, name=None):
    """Run ``call(proposal, cleaned_data)`` for a visible proposal. A refused form (invalid, or the
    service's refusal) comes back on the page as ``name`` with what was typed; without a form the
    refusal is a message."""
    p = selectors.proposal_get_for(user=request.user, pk=pk)
    data, form = {}, None
    if form_class:
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            return _refused(request, p, name, form)
        data = form.cleaned_data
    try:
        call(p, data)
    except services.ProposalError as exc:
        if form is None:
            messages.error(request, str(exc))
            return redirect(p.get_absolute_url())
        _add_refusal(form, exc)
        return _refused(request, p, name, form)
    messages.success(request, success)
    return redirect(p.get_absolute_url())


@login_required
@require_POST
def submit(request, pk):
    return _act(
        request, pk, lambda p, d: services.proposal_submit(proposal_id=p.pk, actor=request.user), _("Submitted.")
    )


@login_required
@require_POST
def cosign(request, pk):
    return _act(
        request,
        pk,
        lambda p, d: services.cosign_confirm(proposal_id=p.pk, actor=request.user),
        _("Your co-signature is confirmed."),
    )


@require_perm("proposals.manage")
@require_POST
def register(request, pk):
    return _act(
        request, pk, lambda p, d: services.proposal_register(proposal_id=p.pk, actor=request.user), _("Registered.")
    )


@require_perm("proposals.manage")
@require_POST
def not_register(request, pk):
    return _act(
        request,
        pk,
        lambda p, d: services.proposal_not_register(proposal_id=p.pk, reason=d["reason"], actor=request.user),
        _("Not registered; kept as a letter."),
        NotRegisterForm,
        "not_register_form",
    )


@require_perm("proposals.manage")
@require_POST
def merge(request, pk):
    def call(p, d):
        target = Proposal.objects.filter(session_id=p.session_id, number=d["into"]).first()
        if target is None:
            raise services.ProposalError(_("There is no such number in this session."))
        services.proposal_merge(proposal_id=p.pk, into_id=target.pk, actor=request.user)

    return _act(request, pk, call, _("Merged."), MergeForm, "merge_form")


@require_perm("proposals.manage")
@require_POST
def assign(request, pk):
    return _act(
        request,
        pk,
        lambda p, d: services.proposal_assign(
            proposal_id=p.pk, lead=d["lead"], assisting=d["assisting"], joint=d["joint"], actor=request.user
        ),
        _("Assigned."),
        AssignForm,
        "assign_form",
    )


@require_perm("proposals.manage")
@require_POST
def publish(request, pk):
    p = selectors.proposal_get_for(user=request.user, pk=pk)
    return _act(
        request,
        pk,
        lambda p, d: services.proposal_publish(proposal_id=p.pk, publish=not p.published, actor=request.user),
        _("Published.") if not p.published else _("Withdrawn from the public pages."),
    )


@require_perm("proposals.supervise")
@require_POST
def supervise(request, pk):
    selectors.proposal_get_for(user=request.user, pk=pk)
    return _act(
        request,
        pk,
        lambda p, d: services.proposal_supervise(proposal_id=p.pk, mark=not p.key_supervision, actor=request.user),
        _("Saved."),
    )


@require_perm("proposals.supervise")
@require_POST
def visit(request, pk):
    return _act(
        request,
        pk,
        lambda p, d: services.supervision_visit_record(
            proposal_id=p.pk, on=d["on"], notes=d["notes"], actor=request.user
        ),
        _("Visit recorded."),
        VisitForm,
        "visit_form",
    )


@login_required
@require_POST
def evaluate(request, pk):
    return _act(
        request,
        pk,
        lambda p, d: services.proposal_evaluate(
            proposal_id=p.pk, result=d["result"], comment=d["comment"], actor=request.user
        ),
        _("Thank you for your evaluation."),
        EvaluateForm,
        "evaluate_form",
    )


@require_perm("proposals.reply")
@require_POST
def follow_up(request, pk):
    return _act(
        request,
        pk,
        lambda p, d: services.follow_up_add(proposal_id=p.pk, text=d["text"], solved=d["solved"], actor=request.user),
        _("Progress reported."),
        FollowUpForm,
        "follow_up_form",
    )


# --- a unit's actions on its assignment ----------------------------------------------------------


def _unit_act(request, pk, form_class, call, success, name):
    """A unit's action on its open assignment; a refusal shows the proposal page again with the
    bound form ``name`` (the typed text, the chosen class, the error beside its field)."""
    assignment = get_object_or_404(selectors.unit_assignments(user=request.user), pk=pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(assignment, form.cleaned_data)
        except services.ProposalError as exc:
            _add_refusal(form, exc)
        else:
            messages.success(request, success)
            return redirect(assignment.get_absolute_url())
    p = selectors.proposal_get_for(user=request.user, pk=assignment.proposal_id)
    return _refused(request, p, name, form)


@require_perm("proposals.reply")
@require_POST
def reply(request, pk):
    return _unit_act(
        request,
        pk,
        ReplyForm,
        lambda a, d: services.reply_submit(
            assignment_id=a.pk, cls=d["cls"], text=d["text"], letter=d["letter"], actor=request.user
        ),
        _("Reply sent."),
        "reply_form",
    )


@require_perm("proposals.reply")
@require_POST
def opinion(request, pk):
    return _unit_act(
        request,
        pk,
        OpinionForm,
        lambda a, d: services.assisting_opinion_submit(assignment_id=a.pk, text=d["text"], actor=request.user),
        _("Opinion sent to the lead unit."),
        "opinion_form",
    )


@require_perm("proposals.reply")
@require_POST
def extension(request, pk):
    return _unit_act(
        request,
        pk,
        ExtensionForm,
        lambda a, d: services.extension_request(
            assignment_id=a.pk, new_deadline=d["new_deadline"], reason=d["reason"], actor=request.user
        ),
        _("Extension requested; staff will decide."),
        "extension_form",
    )


@require_perm("proposals.reply")
@require_POST
def reassign(request, pk):
    return _unit_act(
        request,
        pk,
        ReassignForm,
        lambda a, d: services.reassignment_request(
            assignment_id=a.pk, reason=d["reason"], suggested_unit=d["suggested_unit"], actor=request.user
        ),
        _("Reassignment requested; staff will decide."),
        "reassign_form",
    )


@require_perm("proposals.reply")
def unit_dashboard(request):
    """The unit's open assignments, nearest deadline first (overdue ones in red), and apart from them
    the B or C replies it still follows up as lead unit."""
    return render(
        request,
        "proposals/unit.html",
        {
            "page": selectors.unit_assignment_page(user=request.user, params=request.GET),
            "today": timezone.localdate(),
            "follow_ups": selectors.unit_follow_ups(user=request.user),
            **selectors.unit_requests(user=request.user),
        },
    )


# --- staff ---------------------------------------------------------------------------------------


@require_perm("proposals.view_all")
def manage(request):
    """Every visible proposal; until the filter is first used, those of the latest year with any (the
    filter form always sends its year field, empty or not, so a chosen "any year" is kept)."""
    data = request.GET.copy()
    if "year" not in data:
        year = selectors.proposal_latest_year(user=request.user)
        if year:
            data["year"] = str(year)
    filterset = ProposalYearFilter(data, queryset=selectors.staff_proposal_list(user=request.user))
    qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    bulk_form = BulkAssignForm() if request.user.has_perm("proposals.manage") else None
    return render(
        request,
        "proposals/manage.html",
        {
            "filter": filterset,
            "page": selectors.staff_proposal_page(qs=qs, params=request.GET),
            "today": timezone.localdate(),
            "bulk_form": bulk_form,
            "media": filterset.form.media + (bulk_form.media if bulk_form else forms.Media()),
        },
    )


@require_perm("proposals.manage")
@require_POST
def bulk_assign(request):
    form = BulkAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        d = form.cleaned_data
        done, refused = services.proposals_assign_bulk(
            proposal_ids=[p.pk for p in d["ids"]], lead=d["lead"], assisting=d["assisting"], actor=request.user
        )
        messages.success(request, _("%(n)d proposals assigned.") % {"n": len(done)})
        for text in refused:
            messages.error(request, text)
    return redirect("proposals:manage")


@require_perm("proposals.manage")
def requests(request):
    """The units' requests; a new unit is picked by typing (the picker's own script), never from a list
    of every unit."""
    context = dict(selectors.pending_requests(), picker_media=DecideForm().media)
    return render(request, "proposals/requests.html", context)


def _decide(request, model, pk, call):
    get_object_or_404(model, pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            call(form.cleaned_data)
            messages.success(request, _("Decided."))
        except services.ProposalError as exc:
            messages.error(request, str(exc))
    return redirect("proposals:requests")


@require_perm("proposals.manage")
@require_POST
def extension_decide(request, pk):
    return _decide(
        request,
        Extension,
        pk,
        lambda d: services.extension_decide(
            extension_id=pk, approve=d["approve"], reason=d["reason"], actor=request.user
        ),
    )


@require_perm("proposals.manage")
@require_POST
def reassignment_decide(request, pk):
    return _decide(
        request,
        Reassignment,
        pk,
        lambda d: services.reassignment_decide(
            reassignment_id=pk, approve=d["approve"], unit=d["unit"], reason=d["reason"], actor=request.user
        ),
    )


def _statistics(request):
    form = StatisticsForm(request.GET or None)
    session = year = None
    if form.is_valid():
        session, year = form.cleaned_data["session"], form.cleaned_data["year"]
    stats = selectors.statistics(session_id=session.pk if session else None, year=year)
    return form, session, year, stats


@require_perm("proposals.statistics")
def statistics(request):
    form, session, year, stats = _statistics(request)
    return render(
        request,
        "proposals/statistics.html",
        {"form": form, "session": session, "year": year, "classes": ReplyClass.values, **stats},
    )


@require_perm("proposals.statistics")
def statistics_xlsx(request):
    from congress.exports import XlsxBook, xlsx_response

    form, session, year, stats = _statistics(request)
    book = XlsxBook()  # formula-like text stays text (congress/exports.py)
    sheet = book.create_sheet(_("Statistics"))
    head = [
        _("Unit"),
        _("Assigned"),
        _("Replied"),
        _("Reply rate (%)"),
        _("In time (%)"),
        _("Evaluated"),
        _("Satisfied (%)"),
        _("Satisfied or basically (%)"),
        "A (%)",
        "B (%)",
        "C (%)",
        "D (%)",
        _("Overdue"),
    ]
    sheet.append(head)
    for row in [*stats["units"], dict(stats["total"], unit__name=_("Total"))]:
        sheet.append(
            [
                row["unit__name"],
                row["assigned"],
                row["replied"],
                row["reply_rate"],
                row["in_time_rate"],
                row["evaluated"],
                row["satisfaction_rate"],
                row["basic_rate"],
                *[row["shares"][c] for c in ReplyClass.values],
                row["overdue"],
            ]
        )
    sheet.append([])
    sheet.append([_("Received"), stats["total"]["received"], _("Registered"), stats["total"]["registered"]])
    sheet.append([])
    for key, text in stats["definitions"].items():
        sheet.append([key, str(text)])
    return xlsx_response("proposals-statistics.xlsx", book.bytes())
