"""Appointment pages: bind a form, call one service or selector, render or redirect."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appointments import selectors, services
from appointments.forms import (
    ExamScoreForm,
    ExamSittingForm,
    ExemptForm,
    NominationForm,
    OathForm,
    ReportForm,
    ReviewForm,
    ReviewRecordForm,
    ReviewVoteForm,
    SittingScoresForm,
    StaffReportForm,
    VoteOpenForm,
)
from appointments.models import ExamSitting, Nomination, NominationKind, NominationStatus, Review, ReviewStatus
from congress.crud import Crud, year_param
from congress.forms import form_errors_text
from congress.permissions import require_perm
from congress.years import year_context, years_with_records
from meetings.models import Meeting, MeetingType, Poll, PollStatus
from meetings.services import poll_results

NAV = [
    ("appointments:pipeline", gettext_lazy("Pipeline")),
    ("appointments:nomination_list", gettext_lazy("Nominations")),
    ("appointments:examsitting_list", gettext_lazy("Exam sittings")),
    ("appointments:review_list", gettext_lazy("Performance reviews")),
    ("appointments:oath", gettext_lazy("Oath")),
]
_common = {
    "view_perm": "appointments.view_all",
    "manage_perm": "appointments.manage",
    "nav_template": "appointments/_manage_nav.html",
    "extra_context": {"appointments_nav": NAV},
}


def _steps(request, nomination):
    context = {"exams": [(r, services.band(r.score)) for r in nomination.exams.select_related("sitting")]}
    if nomination.status == NominationStatus.NOMINATED and nomination.kind == NominationKind.APPOINT:
        context.update(exam_form=ExamScoreForm(), exempt_form=ExemptForm(nomination=nomination))
    context["can_withdraw"] = nomination.status in (NominationStatus.NOMINATED, NominationStatus.QUALIFIED)
    context["ready"] = services.ready_for_vote(nomination)
    return context


CRUDS = [
    Crud(
        model=Nomination,
        segment="nominations",
        form_class=NominationForm,
        detail_template="appointments/_steps.html",
        actions=_steps,
        queryset=lambda: Nomination.objects.select_related("organ", "meeting", "poll"),
        columns=[
            ("person", pgettext_lazy("person", "Name")),
            ("get_kind_display", gettext_lazy("Kind")),
            ("post", gettext_lazy("Post")),
            ("get_status_display", gettext_lazy("Status")),
            ("meeting", gettext_lazy("Meeting")),
            ("decided_on", gettext_lazy("Decided on")),
        ],
        **_common,
    ),
    Crud(
        model=ExamSitting,
        segment="exams",
        form_class=ExamSittingForm,
        queryset=ExamSitting.objects.all,
        detail_template="appointments/_sitting.html",
        actions=lambda request, s: {"sitting": s, "results": selectors.sitting_results(s)},
        columns=[("date", gettext_lazy("Date")), ("paper", gettext_lazy("Paper")), ("place", gettext_lazy("Place"))],
        **_common,
    ),
]
REVIEWS = Crud(
    model=Review,
    segment="reviews",
    form_class=ReviewRecordForm,
    detail_template="appointments/_review.html",
    queryset=lambda: Review.objects.select_related("nomination", "meeting", "unit"),
    columns=[
        ("nomination.person", pgettext_lazy("person", "Name")),
        ("nomination.post", gettext_lazy("Post")),
        ("meeting", gettext_lazy("Meeting")),
        ("report_due", gettext_lazy("Report due")),
        ("get_status_display", gettext_lazy("Status")),
    ],
    **_common,
)


def review_urls():
    """The reviews' list and detail come from Crud; scheduling one and filing its report go through
    the services (the due date follows from the meeting)."""
    listing, _new, detail, _edit = REVIEWS.urls()
    return [
        listing,
        detail,
        path("manage/reviews/new/", review_new, name="review_create"),
        path("manage/reviews/<int:pk>/edit/", review_report, name="review_update"),
    ]


# --- public ----------------------------------------------------------------------------------------


@require_GET
def index(request):
    """Public: the appointments and removals decided in a year, per meeting (names, posts, dates;
    nothing else personal), and the person-times per kind and organ. Opens on the newest year with a
    decision."""
    decided = Nomination.objects.filter(status__in=selectors.DECIDED)
    context = year_context(request, years_with_records(decided, "decided_on"))
    year = context["year"]
    return render(
        request,
        "appointments/index.html",
        {
            **context,
            "decided": selectors.decided(year),
            "counts": selectors.counts(year),
            **selectors.year_figures(year),
        },
    )


@require_GET
def public_meeting(request, pk):
    """Public: what one standing-committee meeting decided."""
    meeting = get_object_or_404(Meeting, pk=pk, type=MeetingType.STANDING)
    decided = [n for n in selectors.decided_at(meeting) if n.status in selectors.DECIDED]
    if not decided:
        raise Http404
    return render(request, "appointments/public_meeting.html", {"meeting": meeting, "decided": decided})


# --- members ---------------------------------------------------------------------------------------


@require_perm("appointments.member")
@require_GET
def member_home(request):
    """A member's page: the nominations (with their statements) and reviews (with their reports) on
    the next meeting's agenda, the exam results reported to it, and the votes open now."""
    agenda = selectors.member_agenda()
    rows = [(n, [(r, services.band(r.score)) for r in n.exams.all()]) for n in agenda["nominations"]]
    return render(request, "appointments/member.html", dict(agenda, rows=rows))


# --- the appointee's organization -------------------------------------------------------------------


@require_perm("appointments.unit")
@require_GET
def unit_reviews(request):
    page = Paginator(selectors.reviews_for_unit(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "appointments/unit_reviews.html", {"reviews": page, "page_obj": page})


@require_perm("appointments.unit")
@require_http_methods(["GET", "POST"])
def unit_review(request, pk):
    review = get_object_or_404(selectors.reviews_for_unit(request.user), pk=pk)
    form = (
        ReportForm(request.POST or None, initial={"report": review.report})
        if review.status in (ReviewStatus.DUE, ReviewStatus.FILED)
        else None
    )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("The members are already rating this review."))
            return redirect("appointments:unit_review", pk=review.pk)
        if form.is_valid():
            try:
                review = services.review_report_file(
                    review_id=review.pk, report=form.cleaned_data["report"], actor=request.user
                )
            except services.AppointmentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("The report is filed.")
                    if not review.late
                    else _("The report is filed, after the day it was due."),
                )
                return redirect("appointments:unit_review", pk=review.pk)
    return render(request, "appointments/unit_review.html", {"review": review, "form": form})


# --- staff -----------------------------------------------------------------------------------------


@require_perm("appointments.view_all")
@require_GET
def pipeline(request):
    """Staff: every open nomination with its step, the meetings with appointment business, and the
    year's person-times per organ and kind."""
    status = request.GET.get("status", "")
    year = year_param(request)
    counts = selectors.status_counts()
    page = Paginator(selectors.pipeline(status), 50).get_page(request.GET.get("page"))
    rows = [(n, [(r, services.band(r.score)) for r in n.exams.all()]) for n in page]
    meetings = (
        Meeting.objects.filter(type=MeetingType.STANDING)
        .annotate(n=Count("nominations", distinct=True), r=Count("appointment_reviews", distinct=True))
        .filter(Q(n__gt=0) | Q(r__gt=0))
        .order_by("-date", "-pk")[:20]
    )
    return render(
        request,
        "appointments/pipeline.html",
        {
            "rows": rows,
            "status": status,
            "page_obj": page,
            "tabs": [(v, label, counts.get(v, 0)) for v, label in NominationStatus.choices],
            "meetings": meetings,
            "year": year,
            "counts": selectors.counts(year),
            "unfilled": selectors.unfilled(year),
            "late": selectors.late_reviews(year)[:100],
            "appointments_nav": NAV,
        },
    )


def _apply(request, form, call, success, target):
    """Call the service with a valid form's data; say what happened (or why not); go to ``target``."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
            messages.success(request, success)
        except services.AppointmentError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, form_errors_text(form))
    return redirect(target)


def _step(request, pk, form_class, call, success, per_nomination=False):
    """``per_nomination``: the form's choices depend on the nomination (passed as ``nomination=``)."""
    nomination = get_object_or_404(Nomination, pk=pk)
    form = form_class(request.POST, nomination=nomination) if per_nomination else form_class(request.POST)
    return _apply(request, form, lambda d: call(nomination, d), success, nomination.get_absolute_url())


@require_perm("appointments.manage")
@require_POST
def exam(request, pk):
    return _step(
        request,
        pk,
        ExamScoreForm,
        lambda n, d: services.exam_record(
            nomination_id=n.pk, sitting=d["sitting"], score=d["score"], actor=request.user
        ),
        _("Score recorded."),
    )


@require_perm("appointments.manage")
@require_POST
def exempt(request, pk):
    return _step(
        request,
        pk,
        ExemptForm,
        lambda n, d: services.exam_exempt(
            nomination_id=n.pk,
            earlier_id=d["earlier"].pk if d["earlier"] else None,
            legal_basis=d["legal_basis"],
            actor=request.user,
        ),
        _("Exempted from the exam."),
        per_nomination=True,
    )


@require_perm("appointments.manage")
@require_POST
def withdraw(request, pk):
    nomination = get_object_or_404(Nomination, pk=pk)
    try:
        services.nomination_withdraw(nomination_id=nomination.pk, actor=request.user)
        messages.success(request, _("The nomination is withdrawn."))
    except services.AppointmentError as exc:
        messages.error(request, str(exc))
    return redirect(nomination.get_absolute_url())


def _ready_at(meeting):
    ready = Q(kind=NominationKind.APPOINT, status=NominationStatus.QUALIFIED) | Q(
        kind__in=[NominationKind.REMOVE, NominationKind.RESIGN], status=NominationStatus.NOMINATED
    )
    return Nomination.objects.filter(ready, meeting=meeting).order_by("kind", "pk")


@require_perm("appointments.view_all")
@require_GET
def meeting(request, pk):
    """Staff: one standing-committee meeting's appointment business: the nominations with their
    statements and exam results (reported to the meeting), putting them to the vote, recording each
    vote's outcome once the chair closed it, the performance reviews and their satisfaction vote, the
    oath roster, and the list of what was decided for the minutes."""
    m = get_object_or_404(Meeting, pk=pk, type=MeetingType.STANDING)
    nominations = selectors.at_meeting(m)
    reviews = selectors.reviews_at(m)
    polls = sorted(
        {n.poll for n in nominations if n.poll_id} | {r.poll for r in reviews if r.poll_id}, key=lambda p: p.pk
    )
    results = poll_results(polls)
    waiting = {n.poll_id for n in nominations if n.status == NominationStatus.VOTING} | {
        r.poll_id for r in reviews if r.status == ReviewStatus.VOTING
    }
    votes = [
        (p, results[p.pk], p.pk in waiting and p.status in (PollStatus.CLOSED, PollStatus.PUBLISHED)) for p in polls
    ]
    manage = request.user.has_perm("appointments.manage")
    return render(
        request,
        "appointments/meeting.html",
        {
            "meeting": m,
            "appointments_nav": NAV,
            "manage": manage,
            "rows": [(n, [(r, services.band(r.score)) for r in n.exams.all()]) for n in nominations],
            "reviews": reviews,
            "votes": votes,
            "vote_form": VoteOpenForm(ready=_ready_at(m), mode=services.vote_mode()) if manage else None,
            "review_form": ReviewVoteForm(meeting=m) if manage else None,
            "roster": selectors.oath_roster(m),
            "decided": selectors.decided_at(m),
        },
    )


@require_perm("appointments.manage")
@require_POST
def vote_open(request, pk):
    m = get_object_or_404(Meeting, pk=pk, type=MeetingType.STANDING)
    form = VoteOpenForm(request.POST, ready=_ready_at(m))
    return _apply(
        request,
        form,
        lambda d: services.vote_open(
            meeting_id=m.pk, nomination_ids=[n.pk for n in d["nominations"]], mode=d["mode"], actor=request.user
        ),
        _("Put to the vote: the chair opens it on the meeting's page."),
        reverse("appointments:meeting", args=[m.pk]),
    )


@require_perm("appointments.manage")
@require_POST
def review_vote(request, pk):
    m = get_object_or_404(Meeting, pk=pk, type=MeetingType.STANDING)
    form = ReviewVoteForm(request.POST, meeting=m)
    return _apply(
        request,
        form,
        lambda d: services.review_vote_open(
            meeting_id=m.pk, review_ids=[r.pk for r in d["reviews"]], actor=request.user
        ),
        _("The satisfaction vote is set up: the chair opens it on the meeting's page."),
        reverse("appointments:meeting", args=[m.pk]),
    )


@require_perm("appointments.manage")
@require_POST
def settle(request, pk):
    poll = get_object_or_404(Poll.objects.select_related("item__meeting"), pk=pk)
    if not (poll.nominations.exists() or poll.appointment_reviews.exists()):
        raise Http404
    try:
        services.settle(poll_id=poll.pk, actor=request.user)
        messages.success(request, _("The outcome of the vote is recorded."))
    except services.AppointmentError as exc:
        messages.error(request, str(exc))
    return redirect("appointments:meeting", pk=poll.item.meeting_id)


def _oath_page(request, meeting=None):
    form = OathForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.oath_record(
                date=form.cleaned_data["date"],
                kind=form.cleaned_data["kind"],
                leader=form.cleaned_data["leader"],
                meeting=meeting,
                nomination_ids=[n.pk for n in form.cleaned_data["nominations"]],
                actor=request.user,
            )
        except services.AppointmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The oath is recorded."))
            return redirect("appointments:meeting", pk=meeting.pk) if meeting else redirect("appointments:pipeline")
    return render(request, "appointments/oath.html", {"form": form, "meeting": meeting, "appointments_nav": NAV})


@require_perm("appointments.manage")
@require_http_methods(["GET", "POST"])
def oath(request):
    return _oath_page(request)


@require_perm("appointments.manage")
@require_http_methods(["GET", "POST"])
def meeting_oath(request, pk):
    return _oath_page(request, get_object_or_404(Meeting, pk=pk, type=MeetingType.STANDING))


@require_perm("appointments.view_all")
@require_GET
def letter(request, pk):
    """The appointment letter (任命书) of an adopted appointment, as a PDF."""
    from congress.pdf import pdf_response, render_pdf

    n = get_object_or_404(
        Nomination.objects.select_related("meeting", "organ"),
        pk=pk,
        kind=NominationKind.APPOINT,
        status__in=selectors.DECIDED,
    )
    return pdf_response(render_pdf("appointments/letter_pdf.html", {"n": n}, request), "letter-%d.pdf" % n.pk)


@require_perm("appointments.manage")
@require_http_methods(["GET", "POST"])
def exam_scores(request, pk):
    """A sitting's score sheet: the nominees awaiting the exam, one score each (all or nothing)."""
    sitting = get_object_or_404(ExamSitting, pk=pk)
    nominations = list(selectors.awaiting_exam()[:300])
    form = SittingScoresForm(request.POST or None, nominations=nominations)
    if request.method == "POST" and form.is_valid():
        try:
            services.exam_scores_enter(sitting=sitting, scores=form.scores(), actor=request.user)
        except services.AppointmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The scores are recorded."))
            return redirect(sitting.get_absolute_url())
    return render(request, "appointments/exam_scores.html", {"sitting": sitting, "form": form, "appointments_nav": NAV})


@require_perm("appointments.view_all")
@require_GET
def exam_export(request, pk):
    """A sitting's results as a spreadsheet (the scores reported to the meeting)."""
    from congress.exports import XlsxBook, xlsx_response

    sitting = get_object_or_404(ExamSitting, pk=pk)
    book = XlsxBook()  # formula-like text stays text (congress/exports.py)
    sheet = book.create_sheet("考试成绩")
    sheet.append(["考试日期", "试卷", "姓名", "拟任职务", "提请机关", "第几次", "成绩", "等次", "结果"])
    for r in selectors.sitting_results(sitting):
        n = r.nomination
        sheet.append(
            [
                sitting.date,
                sitting.paper,
                n.person,
                n.post,
                n.organ.name,
                "补考" if r.attempt == 2 else "首考",
                float(r.score),
                services.band(r.score),
                "合格" if r.score >= services.pass_mark() else "不合格",
            ]
        )
    return xlsx_response("exam-%d.xlsx" % sitting.pk, book.bytes())


@require_perm("appointments.manage")
@require_http_methods(["GET", "POST"])
def review_new(request):
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(
                nomination_id=form.cleaned_data["nomination"].pk,
                meeting_id=form.cleaned_data["meeting"].pk,
                unit=form.cleaned_data["unit"],
                actor=request.user,
            )
        except services.AppointmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("The review is scheduled: the report is due %(d)s.") % {"d": review.report_due.isoformat()}
            )
            return redirect(review.get_absolute_url())
    return render(
        request,
        "appointments/form_page.html",
        {"form": form, "title": _("Schedule a performance review"), "appointments_nav": NAV},
    )


@require_perm("appointments.manage")
@require_http_methods(["GET", "POST"])
def review_report(request, pk):
    """Staff file (or correct) the report on the appointee's behalf."""
    review = get_object_or_404(Review.objects.select_related("nomination"), pk=pk)
    form = StaffReportForm(
        request.POST or None, initial={"report": review.report, "received_on": review.filed_on or timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_report_file(
                review_id=review.pk,
                report=form.cleaned_data["report"],
                actor=request.user,
                today=form.cleaned_data["received_on"],
            )
        except services.AppointmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The report is filed."))
            return redirect(review.get_absolute_url())
    return render(request, "appointments/form_page.html", {"form": form, "title": str(review), "appointments_nav": NAV})
