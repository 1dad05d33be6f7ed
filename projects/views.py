from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from congress.crud import Crud
from congress.files import serve_file
from congress.filters import year_filterset
from congress.forms import PortalFormMixin, form_errors_text
from congress.models import Congress, Level
from congress.pagecache import public_page
from congress.permissions import require_perm
from congress.years import year_context, years_with_records
from meetings.models import Meeting, MeetingType, PollStatus
from meetings.services import poll_result
from projects import selectors, services
from projects.forms import (
    DecisionForm,
    IdeaForm,
    IdeaScreenForm,
    InspectionForm,
    MilestoneForm,
    ProgressReportForm,
    ProjectForm,
    PublicIdeaForm,
    SlateForm,
    StaffProgressForm,
    SuggestionForm,
    SuggestionResponseForm,
    UnitReportForm,
    YearEndForm,
)
from projects.models import (
    ADOPTED_STATUSES,
    Idea,
    Inspection,
    Milestone,
    ProgressReport,
    Project,
    Slate,
    SlateStatus,
    Suggestion,
)

NAV = [
    ("projects:idea_list", gettext_lazy("Ideas")),
    ("projects:slate_list", gettext_lazy("Slates")),
    ("projects:project_list", gettext_lazy("Projects")),
    ("projects:milestone_list", gettext_lazy("Milestones")),
    ("projects:progressreport_list", gettext_lazy("Progress reports")),
    ("projects:inspection_list", gettext_lazy("Inspections")),
    ("projects:suggestion_list", gettext_lazy("Suggestions")),
]
_common = {
    "view_perm": "projects.view_all",
    "manage_perm": "projects.manage",
    "nav_template": "projects/_manage_nav.html",
    "extra_context": {"projects_nav": NAV},
}


def _slate_actions(request, slate):
    if slate.status == SlateStatus.DRAFT:
        return {"slate_action": "open"}
    closed = slate.poll_id is not None and slate.poll.status in (PollStatus.CLOSED, PollStatus.PUBLISHED)
    return {
        "slate_action": "decide" if slate.status == SlateStatus.VOTING else "decided",
        "result": poll_result(slate.poll) if closed else None,
    }


def _idea_actions(request, idea):
    return {
        "screen_form": IdeaScreenForm(
            initial={"status": idea.status if idea.status != "new" else None, "note": idea.screening_note}
        )
    }


def _project_actions(request, project):
    return {"can_report": project.adopted}


def _suggestion_actions(request, suggestion):
    if suggestion.closed_on:
        return {}
    return {
        "respond_form": SuggestionResponseForm(
            initial={"suggestion": suggestion.pk, "response": suggestion.response, "status": suggestion.status}
        ),
        "can_close": suggestion.status != "open",
    }


CRUDS = [
    Crud(
        model=Idea,
        segment="ideas",
        form_class=IdeaForm,
        queryset=lambda: Idea.objects.select_related("congress"),
        detail_template="projects/_idea_actions.html",
        actions=_idea_actions,
        private_fields=Idea.PRIVATE_FIELDS,
        private_perm="projects.manage",
        columns=[
            ("received_on", gettext_lazy("Received")),
            ("title", gettext_lazy("Title")),
            ("get_source_display", gettext_lazy("Source")),
            ("get_status_display", gettext_lazy("Status")),
        ],
        **_common,
    ),
    Crud(
        model=Slate,
        segment="slates",
        form_class=SlateForm,
        detail_template="projects/_slate_actions.html",
        actions=_slate_actions,
        queryset=lambda: (
            Slate.objects.select_related("session__term__congress", "poll")
            .annotate(candidates=Count("projects"))
            .order_by("-year", "pk")
        ),
        columns=[
            ("year", gettext_lazy("Year")),
            ("session", gettext_lazy("Congress session")),
            ("places", gettext_lazy("Places")),
            ("candidates", gettext_lazy("Candidates")),
            ("get_status_display", gettext_lazy("Status")),
        ],
        **_common,
    ),
    Crud(
        model=Project,
        segment="list",
        form_class=ProjectForm,
        detail_template="projects/_project_actions.html",
        actions=_project_actions,
        queryset=lambda: Project.objects.select_related("slate__session__term__congress", "implementing_unit"),
        filterset_class=year_filterset(Project, "slate__year", ["status"], lookup="exact"),
        columns=[
            ("title", gettext_lazy("Title")),
            ("implementing_unit", gettext_lazy("Implementing unit")),
            ("total_wan", gettext_lazy("Total (10k yuan)")),
            ("year_plan_wan", gettext_lazy("This year (10k yuan)")),
            ("votes_for", gettext_lazy("Votes for")),
            ("get_status_display", gettext_lazy("Status")),
        ],
        **_common,
    ),
    Crud(
        model=Milestone,
        segment="milestones",
        form_class=MilestoneForm,
        detail_template="projects/_milestone.html",
        queryset=lambda: Milestone.objects.select_related("project"),
        columns=[
            ("due", gettext_lazy("Planned for")),
            ("title", gettext_lazy("Milestone")),
            ("project", gettext_lazy("Project")),
            ("done_on", gettext_lazy("Reached on")),
        ],
        **_common,
    ),
    Crud(
        model=ProgressReport,
        segment="progress",
        form_class=ProgressReportForm,
        queryset=lambda: ProgressReport.objects.select_related("project"),
        filterset_class=year_filterset(ProgressReport, "date"),
        columns=[
            ("date", gettext_lazy("Date")),
            ("project", gettext_lazy("Project")),
            ("completed_wan", gettext_lazy("Completed this year (10k yuan)")),
        ],
        **_common,
    ),
    Crud(
        model=Inspection,
        segment="inspections",
        form_class=InspectionForm,
        queryset=lambda: (
            Inspection.objects.select_related("project").annotate(n=Count("suggestions")).order_by("-date", "-pk")
        ),
        filterset_class=year_filterset(Inspection, "date"),
        columns=[
            ("date", gettext_lazy("Date")),
            ("project", gettext_lazy("Project")),
            ("n", gettext_lazy("Suggestions")),
        ],
        **_common,
    ),
    Crud(
        model=Suggestion,
        segment="suggestions",
        form_class=SuggestionForm,
        detail_template="projects/_suggestion_actions.html",
        actions=_suggestion_actions,
        queryset=lambda: Suggestion.objects.select_related("inspection__project"),
        filterset_class=year_filterset(Suggestion, "inspection__date"),
        columns=[
            ("__str__", gettext_lazy("Suggestion")),
            ("inspection", gettext_lazy("Inspection")),
            ("get_status_display", gettext_lazy("Handling")),
        ],
        **_common,
    ),
]


def crud_urls(crud: Crud):
    """A Crud's four URLs; a progress report is filed through the service (the next one falls due), so
    its 'new' page is ``progress_new``."""
    urls = crud.urls()
    if crud.model is ProgressReport:
        from django.urls import path

        listing, new, detail, edit = urls
        urls = [listing, path("manage/%s/new/" % crud.segment, progress_new, name=new.name), detail, edit]
    return urls


@public_page("projects")
def index(request):
    """Public: the year's adopted projects of the district one by one, and every town's totals; opens on
    the newest year with a decided slate. The cache key holds the query string, so the default page and
    a chosen year are cached apart, and a decided slate moves the change stamp."""
    context = year_context(request, years_with_records(Slate.objects.filter(status=SlateStatus.DECIDED), "year"))
    return render(request, "projects/index.html", {**context, **selectors.public_overview(context["year"])})


@public_page("project")
def project(request, pk):
    p = get_object_or_404(
        Project.objects.select_related(
            "implementing_unit", "slate__session__term__congress", "slate__poll", "slate__satisfaction_poll"
        ).filter(status__in=ADOPTED_STATUSES),
        pk=pk,
    )
    return render(
        request,
        "projects/project.html",
        {
            "project": p,
            "satisfaction": selectors.satisfaction(p),
            "reports": p.reports.all()[:20],
            "milestones": p.milestones.all(),
            "inspections": p.inspections.prefetch_related("suggestions")[:20],
        },
    )


@require_http_methods(["GET", "POST"])
def idea_new(request):
    form = PublicIdeaForm(request.POST or None)
    if request.method == "POST":
        if is_ratelimited(request, group="project-idea", key="ip", rate="5/h", increment=True):
            messages.error(request, _("Too many messages from your connection; please try again in an hour."))
        elif form.is_valid():
            if not form.cleaned_data["website"]:
                district = Congress.objects.filter(level=Level.DISTRICT, is_active=True).first()
                if district is None:
                    raise Http404
                services.idea_submit_public(
                    congress=district,
                    year=timezone.localdate().year + 1,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    submitted_by=form.cleaned_data["submitted_by"],
                    contact=form.cleaned_data["contact"],
                )
            messages.success(request, _("Thank you. The office will consider your idea for next year's slate."))
            return redirect("projects:index")
    return render(request, "projects/idea_new.html", {"form": form})


@require_perm("projects.manage")
@require_http_methods(["POST"])
def slate_open(request, pk):
    try:
        services.slate_open_vote(slate_id=get_object_or_404(Slate, pk=pk).pk, actor=request.user)
        messages.success(request, _("The slate is put to the vote."))
    except services.ProjectError as exc:
        messages.error(request, str(exc))
    return redirect("projects:slate_detail", pk=pk)


@require_perm("projects.manage")
@require_http_methods(["GET", "POST"])
def slate_decide(request, pk):
    """The closed vote's result as the engine counted it, ranked; the decision (date, a tie settled)."""
    slate = get_object_or_404(Slate.objects.select_related("session__term__congress", "poll"), pk=pk)
    if slate.status != SlateStatus.VOTING:
        messages.error(request, _("Only a slate put to the vote can be decided."))
        return redirect("projects:slate_detail", pk=pk)
    form = DecisionForm(request.POST or None, slate=slate)
    closed = slate.poll.status in (PollStatus.CLOSED, PollStatus.PUBLISHED)
    if request.method == "POST" and form.is_valid():
        try:
            adopted = services.slate_decide(
                slate_id=slate.pk,
                actor=request.user,
                on=form.cleaned_data["decided_on"],
                tie_order=form.cleaned_data["tie_order"],
                note=form.cleaned_data["note"],
            )
        except services.ProjectError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(n)d projects adopted.") % {"n": len(adopted)})
            return redirect("projects:slate_detail", pk=pk)
    rows, result = [], None
    if closed:
        result = poll_result(slate.poll)
        projects = {p.pk: p for p in form.projects}
        rows = [dict(r, project=projects[r["project"]]) for r in services.ranking(slate, result)]
    tie = result["tie"] if result else None
    return render(
        request,
        "projects/decide.html",
        {
            "slate": slate,
            "form": form,
            "projects_nav": NAV,
            "closed": closed,
            "rows": rows,
            "result": result,
            "tied": tie and not tie["resolved"],
        },
    )


class SatisfactionForm(PortalFormMixin, forms.Form):
    submit_label = gettext_lazy("Set up the satisfaction vote")
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Congress session meeting"), queryset=Meeting.objects.filter(type=MeetingType.CONGRESS)
    )


@require_perm("projects.manage")
@require_http_methods(["GET", "POST"])
def slate_satisfaction(request, pk):
    slate = get_object_or_404(Slate, pk=pk)
    form = SatisfactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            slate = services.satisfaction_poll_create(
                slate_id=slate.pk, actor=request.user, meeting=form.cleaned_data["meeting"]
            )
        except services.ProjectError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The satisfaction vote is on the meeting's agenda; the chair opens it."))
            return redirect(slate.satisfaction_poll.get_absolute_url())
    return render(
        request,
        "projects/form_page.html",
        {"form": form, "projects_nav": NAV, "heading": slate, "title": _("Year-end satisfaction vote")},
    )


# --- implementing units ----------------------------------------------------------------------------


def _unit_projects(user):
    qs = Project.objects.filter(status__in=ADOPTED_STATUSES)
    if user.has_perm("projects.manage"):
        return qs
    return qs.filter(implementing_unit_id=user.organization_id) if user.organization_id else qs.none()


@require_perm("projects.unit")
def my_projects(request):
    projects = (
        _unit_projects(request.user)
        .select_related("slate__session__term__congress")
        .annotate(completed_wan=selectors.latest_completed())
        .order_by("-slate__year", "report_due", "pk")
    )
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    return render(request, "projects/my_projects.html", {"page": page, "today": timezone.localdate()})


@require_perm("projects.unit")
@require_http_methods(["GET", "POST"])
def my_project(request, pk):
    project = get_object_or_404(_unit_projects(request.user).select_related("implementing_unit", "slate"), pk=pk)
    if request.method == "POST" and "suggestion" in request.POST:
        return _respond(request, project)
    form = UnitReportForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.progress_report_file(
                project=project,
                date=d["date"],
                completed_wan=d["completed_wan"],
                note=d["note"],
                photo=d["photo"],
                milestones=d["milestones"],
                actor=request.user,
            )
        except services.ProjectError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The progress report is filed."))
            return redirect("projects:my_project", pk=pk)
    return render(
        request,
        "projects/my_project.html",
        {
            "project": project,
            "form": form,
            "milestones": project.milestones.all(),
            "reports": project.reports.all()[:50],
            "suggestions": Suggestion.objects.filter(inspection__project=project).select_related("inspection"),
        },
    )


def _respond(request, project):
    form = SuggestionResponseForm(request.POST)
    if form.is_valid():
        suggestion = Suggestion.objects.filter(pk=form.cleaned_data["suggestion"], inspection__project=project).first()
        if suggestion is None:
            messages.error(request, _("Choose a suggestion of this project."))
        else:
            try:
                services.suggestion_respond(
                    suggestion_id=suggestion.pk,
                    status=form.cleaned_data["status"],
                    response=form.cleaned_data["response"],
                    actor=request.user,
                )
                messages.success(request, _("The response is recorded."))
            except services.ProjectError as exc:
                messages.error(request, str(exc))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("projects:my_project", pk=project.pk)


@login_required
def report_photo(request, pk):
    """A progress report's photo, for staff and overseers, the implementing unit and supervising deputies;
    404 for anyone else."""
    report = get_object_or_404(ProgressReport.objects.select_related("project").exclude(photo=""), pk=pk)
    user = request.user
    allowed = (
        user.has_perm("projects.view_all")
        or (user.has_perm("projects.unit") and report.project.implementing_unit_id == user.organization_id)
        or selectors.supervised_by(user).filter(pk=report.project_id).exists()
    )
    if not allowed:  # "not found" alike for a missing and a hidden photo (congress.files)
        raise Http404
    return serve_file(report.photo, content_type=report.photo_type, inline=True)


# --- deputies --------------------------------------------------------------------------------------


@require_perm("projects.deputy")
def deputy_home(request):
    """A deputy's page: the slates being voted (with the vote's link) and the projects they supervise."""
    voting = Slate.objects.filter(status=SlateStatus.VOTING).select_related("session__term__congress", "poll")
    supervised = (
        selectors.supervised_by(request.user)
        .select_related("implementing_unit", "slate")
        .annotate(completed_wan=selectors.latest_completed())
        .order_by("-slate__year", "rank")[:200]
    )
    rating = Slate.objects.filter(satisfaction_poll__status="open").select_related("satisfaction_poll")
    return render(request, "projects/deputy.html", {"voting": voting, "supervised": supervised, "rating": rating})


# --- staff transitions -----------------------------------------------------------------------------


@require_perm("projects.manage")
@require_http_methods(["GET", "POST"])
def progress_new(request):
    """Staff enter a progress report received from the implementing unit, through the unit's service."""
    project = None
    raw = request.POST.get("project") or request.GET.get("project") or ""
    if raw.isdigit():
        project = Project.objects.filter(pk=int(raw), status__in=ADOPTED_STATUSES).select_related("slate").first()
    form = StaffProgressForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            report = services.progress_report_file(
                project=d["project"],
                date=d["date"],
                completed_wan=d["completed_wan"],
                note=d["note"],
                photo=d["photo"],
                milestones=d["milestones"],
                actor=request.user,
            )
        except services.ProjectError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The progress report is filed."))
            return redirect(report.get_absolute_url())
    return render(
        request,
        "projects/form_page.html",
        {"form": form, "projects_nav": NAV, "heading": project or "", "title": _("Enter a progress report")},
    )


@require_perm("projects.manage")
@require_http_methods(["GET", "POST"])
def project_year_end(request, pk):
    """Staff set an adopted project's year-end status (完成/基本完成/未完成), dated."""
    project = get_object_or_404(Project.objects.select_related("slate").filter(status__in=ADOPTED_STATUSES), pk=pk)
    form = YearEndForm(
        request.POST or None,
        initial={
            "on": project.year_end_on or timezone.localdate(),
            "status": project.status if project.year_end_on else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_set_year_end_status(
                project_id=project.pk,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                actor=request.user,
            )
        except services.ProjectError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The year-end status is recorded."))
            return redirect(project.get_absolute_url())
    return render(
        request,
        "projects/form_page.html",
        {"form": form, "projects_nav": NAV, "heading": project, "title": _("Year-end status")},
    )


def _do(request, call, success, target):
    try:
        call()
        messages.success(request, success)
    except services.ProjectError as exc:
        messages.error(request, str(exc))
    return redirect(target)


@require_perm("projects.manage")
@require_POST
def idea_screen(request, pk):
    idea = get_object_or_404(Idea, pk=pk)
    form = IdeaScreenForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(idea.get_absolute_url())
    return _do(
        request,
        lambda: services.idea_screen(
            idea_id=idea.pk, status=form.cleaned_data["status"], note=form.cleaned_data["note"], actor=request.user
        ),
        _("The screening is recorded."),
        idea.get_absolute_url(),
    )


@require_perm("projects.manage")
@require_POST
def suggestion_respond(request, pk):
    """Staff record the unit's handling of a suggestion (received on paper), through the unit's service."""
    suggestion = get_object_or_404(Suggestion, pk=pk)
    form = SuggestionResponseForm(request.POST)
    if not form.is_valid() or form.cleaned_data["suggestion"] != suggestion.pk:
        messages.error(request, form_errors_text(form) or _("Choose a suggestion of this project."))
        return redirect(suggestion.get_absolute_url())
    return _do(
        request,
        lambda: services.suggestion_respond(
            suggestion_id=suggestion.pk,
            status=form.cleaned_data["status"],
            response=form.cleaned_data["response"],
            actor=request.user,
        ),
        _("The response is recorded."),
        suggestion.get_absolute_url(),
    )


@require_perm("projects.manage")
@require_POST
def suggestion_close(request, pk):
    suggestion = get_object_or_404(Suggestion, pk=pk)
    return _do(
        request,
        lambda: services.suggestion_close(suggestion_id=suggestion.pk, actor=request.user),
        _("The suggestion is closed."),
        suggestion.get_absolute_url(),
    )
