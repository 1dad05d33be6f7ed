from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from appointments import selectors, services
from appointments.forms import ExamScoreForm, ExamSittingForm, ExemptForm, NominationForm, OathForm, VoteForm
from appointments.models import ExamSitting, Nomination, NominationKind, NominationStatus
from congress.crud import Crud, year_param
from congress.permissions import require_perm

NAV = [("appointments:nomination_list", gettext_lazy("Nominations")),
       ("appointments:examsitting_list", gettext_lazy("Exam sittings")),
       ("appointments:oath", gettext_lazy("Oath"))]
_common = {"view_perm": "appointments.view_all", "manage_perm": "appointments.manage",
           "nav_template": "appointments/_manage_nav.html", "extra_context": {"appointments_nav": NAV}}


def _steps(request, nomination):
    context = {"exams": [(r, services.band(r.score)) for r in nomination.exams.select_related("sitting")]}
    if nomination.status == NominationStatus.NOMINATED and nomination.kind == NominationKind.APPOINT:
        context.update(exam_form=ExamScoreForm(), exempt_form=ExemptForm())
    ready = NominationStatus.QUALIFIED if nomination.kind == NominationKind.APPOINT else NominationStatus.NOMINATED
    if nomination.status == ready:
        context["vote_form"] = VoteForm(initial={"on": timezone.localdate()})
    return context


CRUDS = [
    Crud(model=Nomination, segment="nominations", form_class=NominationForm, detail_template="appointments/_steps.html",
         actions=_steps, queryset=lambda: Nomination.objects.select_related("organ"),
         columns=[("person", gettext_lazy("Name")), ("get_kind_display", gettext_lazy("Kind")),
                  ("post", gettext_lazy("Post")), ("get_status_display", gettext_lazy("Status")),
                  ("decided_on", gettext_lazy("Decided on"))], **_common),
    Crud(model=ExamSitting, segment="exams", form_class=ExamSittingForm, queryset=ExamSitting.objects.all,
         columns=[("date", gettext_lazy("Date")), ("paper", gettext_lazy("Paper")), ("place", gettext_lazy("Place"))],
         **_common),
]


def index(request):
    """Public: the appointments and removals decided in a year (names, posts, dates; nothing else)."""
    year = year_param(request)
    return render(request, "appointments/index.html",
                  {"year": year, "decided": selectors.decided(year), **selectors.year_figures(year)})


def _step(request, pk, form_class, call, success):
    nomination = get_object_or_404(Nomination, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(nomination, form.cleaned_data)
            messages.success(request, success)
        except services.AppointmentError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(nomination.get_absolute_url())


@require_perm("appointments.manage")
@require_POST
def exam(request, pk):
    return _step(request, pk, ExamScoreForm, lambda n, d: services.exam_record(
        nomination_id=n.pk, sitting=d["sitting"], score=d["score"], actor=request.user), _("Score recorded."))


@require_perm("appointments.manage")
@require_POST
def exempt(request, pk):
    return _step(request, pk, ExemptForm, lambda n, d: services.exam_exempt(
        nomination_id=n.pk, reason=d["reason"], actor=request.user), _("Exempted from the exam."))


@require_perm("appointments.manage")
@require_POST
def vote(request, pk):
    return _step(request, pk, VoteForm, lambda n, d: services.vote_record(
        nomination_id=n.pk, votes_for=d["votes_for"], votes_against=d["votes_against"],
        votes_abstain=d["votes_abstain"], members=d["members"], on=d["on"], actor=request.user), _("Vote recorded."))


@require_perm("appointments.manage")
@require_http_methods(["GET", "POST"])
def oath(request):
    form = OathForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.oath_record(date=form.cleaned_data["date"], kind=form.cleaned_data["kind"],
                                 leader=form.cleaned_data["leader"],
                                 nomination_ids=[n.pk for n in form.cleaned_data["nominations"]], actor=request.user)
        except services.AppointmentError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:  # a model rule, e.g. a group oath without its leader
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("The oath is recorded."))
            return redirect("appointments:nomination_list")
    return render(request, "appointments/oath.html", {"form": form, "appointments_nav": NAV})
