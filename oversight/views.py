from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congress.crud import Crud, FormPage
from congress.files import serve_file
from congress.forms import form_errors_text
from congress.permissions import require_perm
from congress.years import year_context
from oversight import selectors, services
from oversight.filters import ActivityFilter, ReportFilter
from oversight.forms import (
    DocumentForm,
    OpinionsForm,
    OversightActivityForm,
    ResponseForm,
    SpecialReportForm,
    UnitResponseForm,
)
from oversight.models import OversightActivity, SpecialReport

NAV = [
    ("oversight:oversightactivity_list", gettext_lazy("Activities")),
    ("oversight:specialreport_list", gettext_lazy("Reports heard")),
    ("oversight:pending", gettext_lazy("Pending responses")),
    ("oversight:decisions", gettext_lazy("Decisions and resolutions")),
]
_common = {
    "view_perm": "oversight.view_all",
    "manage_perm": "oversight.manage",
    "nav_template": "oversight/_manage_nav.html",
    "extra_context": {"oversight_nav": NAV},
}


def _report_actions(request, report):
    actions = {"document_form": DocumentForm()}
    if not report.opinions_sent_on:
        initial = {"on": timezone.localdate(), "opinions": report.item.opinions if report.item_id else ""}
        actions["opinions_form"] = OpinionsForm(initial=initial)
    elif not report.responded_on:
        actions["response_form"] = ResponseForm(initial={"on": timezone.localdate()})
    return actions


def _activity_actions(request, activity):
    return {"document_form": DocumentForm(initial={"role": "report"})}


CRUDS = [
    Crud(
        model=OversightActivity,
        segment="activities",
        form_class=OversightActivityForm,
        detail_template="oversight/_activity_actions.html",
        actions=_activity_actions,
        queryset=lambda: OversightActivity.objects.select_related("office"),
        filterset_class=ActivityFilter,
        columns=[
            ("start_date", gettext_lazy("Date")),
            ("title", gettext_lazy("Title")),
            ("get_kind_display", gettext_lazy("Kind")),
            ("get_report_status_display", gettext_lazy("Report")),
        ],
        **_common,
    ),
    Crud(
        model=SpecialReport,
        segment="reports",
        form_class=SpecialReportForm,
        detail_template="oversight/_report_actions.html",
        actions=_report_actions,
        queryset=lambda: SpecialReport.objects.select_related(
            "organization", "item__meeting", "decision__meeting", "responded_by"
        ),
        filterset_class=ReportFilter,
        columns=[
            ("heard_on", gettext_lazy("Heard on")),
            ("title", gettext_lazy("Title")),
            ("organization", gettext_lazy("Organization")),
            ("response_due", gettext_lazy("Response due")),
            ("responded_on", gettext_lazy("Responded on")),
        ],
        **_common,
    ),
]


def index(request):
    """Public: the published oversight work of a year, opening on the newest year that has some."""
    context = year_context(request, selectors.public_years())
    return render(request, "oversight/index.html", {**context, **selectors.public_year(context["year"])})


class ReportFormPage(FormPage):
    """Create or edit a report heard through services.report_save (it links the agenda item)."""

    def form_valid(self, form):
        report = self.get_object()
        try:
            report = services.report_save(
                actor=self.request.user,
                report_id=report.pk if report else None,
                **{k: form.cleaned_data[k] for k in ("kind", "title", "organization", "item", "decision", "published")},
            )
        except services.OversightError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved %(name)s.") % {"name": report})
        return redirect(report.get_absolute_url())


def decisions(request):
    """The year's decisions and resolutions with their text and vote: the public sees those whose
    vote was published; staff and leaders also closed ones. Opens on the newest year with one.
    Paginated; a fixed number of queries."""
    public = not request.user.has_perm("oversight.view_all")
    context = year_context(request, selectors.decision_years(public=public))
    year = context["year"]
    rows = selectors.decision_list(year, public=public)
    adopted = sum(1 for r in rows if r["adopted"])
    only_adopted = request.GET.get("adopted") == "1"  # what the annual report's figure counts
    page = Paginator([r for r in rows if r["adopted"]] if only_adopted else rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/decisions.html",
        {**context, "page_obj": page, "public": public, "adopted": adopted, "only_adopted": only_adopted},
    )


@require_perm("oversight.view_all")
def pending(request):
    today = timezone.localdate()
    groups = selectors.pending_by_organization(today)
    return render(
        request,
        "oversight/pending.html",
        {
            "groups": groups,
            "today": today,
            "oversight_nav": NAV,
            "total": sum(len(g["reports"]) for g in groups),
            "overdue": sum(g["overdue"] for g in groups),
        },
    )


_form_errors = form_errors_text


@require_perm("oversight.manage")
@require_POST
def document_add(request, pk, kind):
    owner = get_object_or_404(OversightActivity if kind == "activity" else SpecialReport, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                upload=form.cleaned_data["file"],
                role=form.cleaned_data["role"],
                actor=request.user,
                **{"activity_id" if kind == "activity" else "report_id": owner.pk},
            )
            messages.success(request, _("The document is stored."))
        except services.OversightError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _form_errors(form))
    return redirect(owner.get_absolute_url())


@login_required
def document(request, pk):
    """Serve a file only to those who may see its record (404 otherwise, as if it did not exist)."""
    doc = selectors.document_get_for(user=request.user, pk=pk)
    return serve_file(doc.file, content_type=doc.mime, filename=doc.name)


@require_perm("oversight.respond")
def my_reports(request):
    """The organization's contact: the review opinions sent to it, open ones first."""
    page = Paginator(selectors.reports_for_unit(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "oversight/my_reports.html", {"page_obj": page, "today": timezone.localdate()})


@login_required
def my_report(request, pk):
    """The organization's page for one report (the link in its notices); staff and leaders, who get
    the same notices, are sent on to the management page."""
    if request.user.has_perm("oversight.view_all"):
        return redirect(selectors.report_get_for(user=request.user, pk=pk).get_absolute_url())
    if not request.user.has_perm("oversight.respond"):
        raise PermissionDenied
    report = selectors.report_get_for(user=request.user, pk=pk)
    form = None
    if request.method == "POST":
        form = UnitResponseForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.response_record(
                    report_id=report.pk,
                    text=form.cleaned_data["text"],
                    on=timezone.localdate(),
                    upload=form.cleaned_data["letter"],
                    actor=request.user,
                )
                messages.success(request, _("Your response is sent."))
                return redirect("oversight:my_report", pk=report.pk)
            except services.OversightError as exc:
                form.add_error(None, str(exc))
    elif not report.responded_on:
        form = UnitResponseForm()
    return render(
        request,
        "oversight/my_report.html",
        {"report": report, "form": form, "documents": list(report.documents.all()), "today": timezone.localdate()},
    )


@require_perm("oversight.manage")
@require_POST
def send_opinions(request, pk):
    report = get_object_or_404(SpecialReport, pk=pk)
    form = OpinionsForm(request.POST)
    if form.is_valid():
        try:
            services.opinions_send(
                report_id=report.pk,
                opinions=form.cleaned_data["opinions"],
                on=form.cleaned_data["on"],
                months=form.cleaned_data["months"],
                actor=request.user,
            )
            messages.success(
                request,
                _("Sent. The response is due on %(due)s.")
                % {"due": SpecialReport.objects.get(pk=pk).response_due.isoformat()},
            )
        except services.OversightError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _form_errors(form))
    return redirect(report.get_absolute_url())


@require_perm("oversight.manage")
@require_POST
def record_response(request, pk):
    report = get_object_or_404(SpecialReport, pk=pk)
    form = ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.response_record(
                report_id=report.pk,
                text=form.cleaned_data["text"],
                on=form.cleaned_data["on"],
                upload=form.cleaned_data["letter"],
                actor=request.user,
            )
            messages.success(request, _("The response is recorded."))
        except services.OversightError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _form_errors(form))
    return redirect(report.get_absolute_url())
