from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congress.crud import Crud, year_param
from congress.permissions import require_perm
from oversight import selectors, services
from oversight.forms import OpinionsForm, OversightActivityForm, ResponseForm, SpecialReportForm
from oversight.models import OversightActivity, SpecialReport

NAV = [("oversight:oversightactivity_list", gettext_lazy("Activities")),
       ("oversight:specialreport_list", gettext_lazy("Reports heard")),
       ("oversight:pending", gettext_lazy("Pending responses"))]
_common = {"view_perm": "oversight.view_all", "manage_perm": "oversight.manage",
           "nav_template": "oversight/_manage_nav.html", "extra_context": {"oversight_nav": NAV}}


def _report_actions(request, report):
    if not report.opinions_sent_on:
        return {"opinions_form": OpinionsForm(initial={"on": timezone.localdate()})}
    if not report.responded_on:
        return {"response_form": ResponseForm(initial={"on": timezone.localdate()})}
    return {}


CRUDS = [
    Crud(model=OversightActivity, segment="activities", form_class=OversightActivityForm,
         queryset=lambda: OversightActivity.objects.all(),
         columns=[("start_date", gettext_lazy("Date")), ("title", gettext_lazy("Title")),
                  ("get_kind_display", gettext_lazy("Kind")), ("get_report_status_display", gettext_lazy("Report"))],
         **_common),
    Crud(model=SpecialReport, segment="reports", form_class=SpecialReportForm,
         detail_template="oversight/_report_actions.html", actions=_report_actions,
         queryset=lambda: SpecialReport.objects.select_related("organization"),
         columns=[("heard_on", gettext_lazy("Heard on")), ("title", gettext_lazy("Title")),
                  ("organization", gettext_lazy("Organization")), ("response_due", gettext_lazy("Response due")),
                  ("responded_on", gettext_lazy("Responded on"))], **_common),
]


def index(request):
    year = year_param(request)
    return render(request, "oversight/index.html", {"year": year, **selectors.public_year(year)})


@require_perm("oversight.view_all")
def pending(request):
    today = timezone.localdate()
    return render(request, "oversight/pending.html",
                  {"reports": selectors.pending(today), "today": today, "oversight_nav": NAV})


@require_perm("oversight.manage")
@require_POST
def send_opinions(request, pk):
    report = get_object_or_404(SpecialReport, pk=pk)
    form = OpinionsForm(request.POST)
    if form.is_valid():
        try:
            services.opinions_send(report_id=report.pk, opinions=form.cleaned_data["opinions"],
                                   on=form.cleaned_data["on"], actor=request.user)
            messages.success(request, _("Sent. The response is due on %(due)s.") % {
                "due": SpecialReport.objects.get(pk=pk).response_due.isoformat()})
        except services.OversightError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(report.get_absolute_url())


@require_perm("oversight.manage")
@require_POST
def record_response(request, pk):
    report = get_object_or_404(SpecialReport, pk=pk)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.response_record(report_id=report.pk, text=form.cleaned_data["text"], on=form.cleaned_data["on"],
                                     actor=request.user)
            messages.success(request, _("The response is recorded."))
        except services.OversightError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(report.get_absolute_url())
