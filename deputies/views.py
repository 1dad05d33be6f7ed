from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from congress.crud import Crud
from congress.permissions import require_perm
from congress.validators import year_in_range
from congress.years import ALL, default_year, year_invalid, years_with_records
from deputies import exports, importers, selectors, services
from deputies.filters import (
    ActivityFilter,
    ByElectionFilter,
    CommendationFilter,
    ContributionFilter,
    DeputyFilter,
    DeputyGroupFilter,
    OpinionFilter,
    PublicDeputyFilter,
    ReceptionFilter,
    StationFilter,
)
from deputies.forms import (
    ActivityForm,
    ByElectionForm,
    CommendationForm,
    ContributionForm,
    DeputyForm,
    DeputyGroupForm,
    ImportUploadForm,
    LiaisonStationForm,
    MandateEndForm,
    OpinionMoveForm,
    PublicOpinionForm,
    ReceptionForm,
    StationMessageForm,
)
from deputies.models import (
    Activity,
    ByElection,
    Commendation,
    Contribution,
    Deputy,
    DeputyGroup,
    LiaisonStation,
    PublicOpinion,
    Reception,
)
from deputies.services import OPINION_MOVES

NAV = [
    ("deputies:deputy_list", gettext_lazy("Deputies")),
    ("deputies:byelection_list", gettext_lazy("By-elections")),
    ("deputies:deputygroup_list", gettext_lazy("Deputy groups")),
    ("deputies:liaisonstation_list", gettext_lazy("Liaison stations")),
    ("deputies:reception_list", gettext_lazy("Receptions")),
    ("deputies:publicopinion_list", gettext_lazy("Public opinions")),
    ("deputies:activity_list", gettext_lazy("Activities")),
    ("deputies:commendation_list", gettext_lazy("Commendations")),
    ("deputies:contribution_list", gettext_lazy("Contributions")),
    ("deputies:import", gettext_lazy("Import roster")),
]
_common = {
    "view_perm": "deputies.view_all",
    "manage_perm": "deputies.manage",
    "nav_template": "deputies/_manage_nav.html",
    "extra_context": {"deputies_nav": NAV},
}
CRUDS = [
    Crud(
        model=Deputy,
        segment="roster",
        form_class=DeputyForm,
        queryset=selectors.deputy_list,
        keyset=selectors.ROSTER_KEYS,
        filterset_class=DeputyFilter,
        private_fields=Deputy.PRIVATE_FIELDS,
        private_perm="deputies.view_private",
        detail_template="deputies/_mandate.html",
        actions=lambda request, obj: (
            {"end_form": MandateEndForm(initial={"on": timezone.localdate()})} if obj.in_office else {}
        ),
        columns=[
            ("full_name", gettext_lazy("Name")),
            ("get_gender_display", gettext_lazy("Gender")),
            ("congress", gettext_lazy("Congress")),
            ("group", gettext_lazy("Deputy group")),
            ("station", gettext_lazy("Liaison station")),
            ("get_status_display", gettext_lazy("Status")),
        ],
        **_common,
    ),
    Crud(
        model=ByElection,
        segment="by-elections",
        form_class=ByElectionForm,
        queryset=selectors.byelection_list,
        filterset_class=ByElectionFilter,
        columns=[
            ("date", gettext_lazy("Date")),
            ("term", gettext_lazy("Term")),
            ("seats", gettext_lazy("Seats")),
            ("elected_count", gettext_lazy("Elected")),
        ],
        **_common,
    ),
    Crud(
        model=DeputyGroup,
        segment="groups",
        form_class=DeputyGroupForm,
        queryset=selectors.group_list,
        filterset_class=DeputyGroupFilter,
        columns=[
            ("name", gettext_lazy("Name")),
            ("area", gettext_lazy("Area")),
            ("leader", gettext_lazy("Group leader")),
            ("member_count", gettext_lazy("Members")),
        ],
        **_common,
    ),
    Crud(
        model=LiaisonStation,
        segment="stations",
        form_class=LiaisonStationForm,
        queryset=selectors.station_list,
        filterset_class=StationFilter,
        columns=[
            ("name", gettext_lazy("Name")),
            ("get_kind_display", gettext_lazy("Kind")),
            ("town", gettext_lazy("Town")),
            ("deputy_count", gettext_lazy("Deputies on duty")),
            ("is_active", gettext_lazy("Active")),
        ],
        **_common,
    ),
    Crud(
        model=Reception,
        segment="receptions",
        form_class=ReceptionForm,
        queryset=selectors.reception_list,
        filterset_class=ReceptionFilter,
        columns=[
            ("date", gettext_lazy("Date")),
            ("station", gettext_lazy("Liaison station")),
            ("visitors", gettext_lazy("Person-times")),
            ("duty_count", gettext_lazy("Deputies on duty")),
        ],
        **_common,
    ),
    Crud(
        model=PublicOpinion,
        segment="opinions",
        form_class=PublicOpinionForm,
        queryset=selectors.opinion_list,
        filterset_class=OpinionFilter,
        private_fields=PublicOpinion.PRIVATE_FIELDS,
        private_perm="deputies.view_private",
        detail_template="deputies/_opinion_move.html",
        actions=lambda request, obj: {"move_form": OpinionMoveForm(opinion=obj)} if obj.status in OPINION_MOVES else {},
        columns=[
            ("received_on", gettext_lazy("Received on")),
            ("__str__", gettext_lazy("Content")),
            ("station", gettext_lazy("Liaison station")),
            ("collected_by", gettext_lazy("Collected by")),
            ("forwarded_to", gettext_lazy("Forwarded to")),
            ("get_status_display", gettext_lazy("Status")),
        ],
        **_common,
    ),
    Crud(
        model=Activity,
        segment="activities",
        form_class=ActivityForm,
        queryset=selectors.activity_list,
        filterset_class=ActivityFilter,
        columns=[
            ("date", gettext_lazy("Date")),
            ("title", gettext_lazy("Title")),
            ("get_kind_display", gettext_lazy("Kind")),
            ("participant_count", gettext_lazy("Participants")),
            ("suggestions_count", gettext_lazy("Suggestions")),
        ],
        **_common,
    ),
    Crud(
        model=Commendation,
        segment="commendations",
        form_class=CommendationForm,
        filterset_class=CommendationFilter,
        queryset=selectors.commendation_list,
        columns=[
            ("year", gettext_lazy("Year")),
            ("get_kind_display", gettext_lazy("Kind")),
            ("deputy", gettext_lazy("Deputy")),
            ("citation", gettext_lazy("Citation")),
        ],
        **_common,
    ),
    Crud(
        model=Contribution,
        segment="contributions",
        form_class=ContributionForm,
        filterset_class=ContributionFilter,
        queryset=selectors.contribution_list,
        columns=[
            ("year", gettext_lazy("Year")),
            ("deputy", gettext_lazy("Deputy")),
            ("description", gettext_lazy("Description")),
            ("jobs", gettext_lazy("Jobs")),
            ("donation_wan", gettext_lazy("Donation (10k yuan)")),
        ],
        **_common,
    ),
]


# --- public directory -------------------------------------------------------------------------------


def index(request):
    """The public directory: deputies in office, by level, group and station (public fields only)."""
    qs = selectors.deputy_public_list()
    f = PublicDeputyFilter(request.GET or None, queryset=qs)
    if f.is_bound and f.is_valid():
        qs = f.qs
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "deputies/index.html", {"filter": f, "page_obj": page})


def profile(request, pk):
    deputy = get_object_or_404(selectors.deputy_public_list(), pk=pk)
    commendations = deputy.commendations.all()
    return render(request, "deputies/profile.html", {"deputy": deputy, "commendations": commendations})


def stations(request):
    return render(request, "deputies/stations.html", {"stations": selectors.station_public_list()})


@require_http_methods(["GET", "POST"])
def station(request, pk):
    station = get_object_or_404(selectors.station_public_list(), pk=pk)
    form = StationMessageForm(request.POST or None)
    if request.method == "POST":
        limited = is_ratelimited(request, group="station-message", key="ip", rate="5/h", increment=True)
        if limited:
            messages.error(request, _("Too many messages from your connection; please try again in an hour."))
        elif form.is_valid():
            if not form.cleaned_data["website"]:  # the honeypot stays empty for people
                services.station_message_submit(
                    station=station,
                    content=form.cleaned_data["content"],
                    raised_by=form.cleaned_data["raised_by"],
                    contact=form.cleaned_data["contact"],
                )
            messages.success(request, _("Thank you. The station's deputies will see your message."))
            return redirect("deputies:station", pk=station.pk)
    return render(request, "deputies/station.html", {"station": station, "form": form})


@require_perm("deputies.manage")
@require_POST
def opinion_move(request, pk):
    opinion = get_object_or_404(PublicOpinion, pk=pk)
    form = OpinionMoveForm(request.POST, opinion=opinion)
    if form.is_valid():
        try:
            services.opinion_move(
                opinion_id=opinion.pk,
                status=form.cleaned_data["status"],
                actor=request.user,
                on=form.cleaned_data["on"],
                organization=form.cleaned_data["organization"],
                outcome=form.cleaned_data["outcome"],
            )
        except services.DeputyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Recorded."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect(opinion.get_absolute_url())


@require_perm("deputies.manage")
@require_POST
def deputy_end_mandate(request, pk):
    deputy = get_object_or_404(Deputy, pk=pk)
    form = MandateEndForm(request.POST)
    if form.is_valid():
        try:
            ended = services.deputy_end_mandate(
                deputy_id=deputy.pk,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except services.DeputyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("The mandate of %(name)s ended on %(date)s: from that day it gives no rights.")
                % {"name": ended.full_name, "date": ended.status_date.isoformat()},
            )
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect(deputy.get_absolute_url())


# --- dossier ----------------------------------------------------------------------------------------


@require_perm("deputies.view_own_dossier")
def my_dossier(request):
    deputy = selectors.mandate_for(request.user)
    if deputy is None:
        raise Http404(_("Your account is not linked to a deputy's mandate."))
    return redirect("deputies:dossier", pk=deputy.pk)


def dossier(request, pk):
    deputy = get_object_or_404(Deputy.objects.select_related("congress", "term__congress", "group", "station"), pk=pk)
    if not request.user.is_authenticated:
        return redirect("%s?next=%s" % (_login_url(), request.path))
    if not request.user.has_perm("deputies.view_dossier", deputy):
        raise Http404
    years = _dossier_years(deputy)
    year = None if request.GET.get("year") == ALL else default_year(request, years)
    context = selectors.dossier(deputy=deputy, year=year)
    context.update(years=years, year_invalid=year_invalid(request))
    return render(request, "deputies/dossier.html", context)


def _dossier_years(deputy) -> list[int]:
    """The years with a record of the deputy's own (activities, receptions, opinions, commendations,
    contributions), in one query: the dossier opens on the newest. The sections other apps add
    (DOSSIER_SECTIONS) are shown but do not add years."""
    return years_with_records(
        deputy.activities.all(),
        "date",
        (deputy.receptions.all(), "date"),
        (deputy.opinions.all(), "received_on"),
        (deputy.commendations.all(), "year"),
        (deputy.contributions.all(), "year"),
    )


def _login_url():
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


# --- import and export ------------------------------------------------------------------------------


@require_perm("deputies.manage")
@require_http_methods(["GET", "POST"])
def roster_import(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = importers.stash_upload(form.cleaned_data["file"])
            preview = importers.preview(token=token, term=form.cleaned_data["term"])
        except importers.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return render(
                request,
                "deputies/import_preview.html",
                {"preview": preview, "token": token, "term": form.cleaned_data["term"], "deputies_nav": NAV},
            )
    return render(request, "deputies/import.html", {"form": form, "deputies_nav": NAV})


@require_perm("deputies.manage")
@require_POST
def roster_import_confirm(request, token):
    term_id = request.POST.get("term", "")
    from congress.models import Term

    term = Term.objects.filter(pk=term_id).first() if term_id.isdigit() else None
    if term is None:
        messages.error(request, _("Choose the term again and re-upload the file."))
        return redirect("deputies:import")
    try:
        result = importers.apply(token=token, term=term, actor=request.user)
    except importers.ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("deputies:import")
    messages.success(request, _("Imported: %(created)d new, %(updated)d updated.") % result)
    return redirect("deputies:deputy_list")


@require_perm("deputies.manage")
def roster_export(request):
    qs = selectors.deputy_list()
    f = DeputyFilter(request.GET or None, queryset=qs)
    if f.is_bound and f.is_valid():
        qs = f.qs
    return _xlsx(exports.roster(qs), "roster")


@require_perm("deputies.view_all")
def year_export(request, table, year):
    builder = {"receptions": exports.receptions, "opinions": exports.opinions, "activities": exports.activities}.get(
        table
    )
    if builder is None or not year_in_range(year):
        raise Http404
    return _xlsx(builder(year), "%s-%d" % (table, year))


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="%s.xlsx"' % name
    return response
