from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from congress import paging, selectors, services
from congress.crud import Crud
from congress.filters import CongressFilter, OrganizationFilter, SessionFilter, TermFilter
from congress.forms import CongressForm, OrganizationForm, SessionForm, TermForm
from congress.models import AuditAction, Congress, Organization, Session, Term
from congress.permissions import require_perm


def healthz(request):
    """The trivial view: no database, no template. The benchmark's ceiling."""
    return HttpResponse("ok", content_type="text/plain")


def healthz_celery(request):
    """For monitoring: the worker's and beat's last heartbeat with their ages, as JSON; 503 when
    either is older than HEARTBEAT_STALE_SECONDS or missing. (/healthz/ only says the web process
    answers: load balancers and the benchmarks use it.)"""
    from django.http import JsonResponse

    from congress.tasks import heartbeat_status

    status = heartbeat_status()
    response = JsonResponse(status, status=200 if status["ok"] else 503)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def language_set(request):
    """Switch the interface language; a signed-in user's choice also becomes their notification language."""
    response = set_language(request)
    code = request.POST.get("language")
    if request.user.is_authenticated and code in dict(settings.LANGUAGES) and request.user.language != code:
        services.user_set_language(user=request.user, language=code)
    return response


def language_link(request, code):
    """Switch the interface language from a plain link (the visitors' language buttons): only the
    language cookie changes, so the public pages carry no form and no CSRF token, and their cached
    bytes are the same for every visitor. Signed-in users switch through ``language_set`` (a POST),
    which also records their choice on the account."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def home(request):
    """The workbench (工作台): what waits for the user in every app, most urgent first, and their roles' links."""
    from congress.workbench import workbench_for

    context = selectors.home_for(user=request.user)
    context["sections"] = workbench_for(request.user)
    return render(request, "congress/home.html", context)


@login_required
def notifications(request):
    page = Paginator(selectors.notification_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "congress/notifications.html", {"page_obj": page})


@login_required
@require_POST
def notifications_read(request):
    raw = request.POST.get("id", "")
    note_id = int(raw) if raw.isdigit() else None
    if raw and note_id is None:
        messages.error(request, _("That notification does not exist."))
    else:
        services.notification_mark_read(user=request.user, notification_id=note_id)
    return redirect("congress:notifications")


AUDIT_KEYS = ("-created_at", "-pk")  # the audit trail's keyset pages, by the index audit_time_id


@require_perm("congress.view_audit")
def audit_list(request):
    qs = selectors.audit_list()
    action = request.GET.get("action", "")
    if action in AuditAction.values:
        qs = qs.filter(action=action)
    page = paging.keyset_page(qs, request.GET, keys=AUDIT_KEYS, per_page=50, count=False)
    return render(request, "congress/audit_list.html", {"page": page, "actions": AuditAction.choices, "action": action})


CRUDS = [
    Crud(
        model=Congress,
        segment="congresses",
        form_class=CongressForm,
        queryset=selectors.congress_list,
        filterset_class=CongressFilter,
        columns=[
            ("name", gettext_lazy("Name")),
            ("get_level_display", gettext_lazy("Level")),
            ("parent", gettext_lazy("Parent congress")),
            ("term_count", gettext_lazy("Terms")),
            ("is_active", gettext_lazy("Active")),
        ],
    ),
    Crud(
        model=Term,
        form_class=TermForm,
        queryset=selectors.term_list,
        filterset_class=TermFilter,
        columns=[
            ("congress", gettext_lazy("Congress")),
            ("number", gettext_lazy("Term")),
            ("start_date", gettext_lazy("Start")),
            ("end_date", gettext_lazy("End")),
            ("session_count", gettext_lazy("Sessions")),
        ],
    ),
    Crud(
        model=Session,
        form_class=SessionForm,
        queryset=selectors.session_list,
        filterset_class=SessionFilter,
        columns=[
            ("term", gettext_lazy("Term")),
            ("number", gettext_lazy("Session")),
            ("start_date", gettext_lazy("Start")),
            ("end_date", gettext_lazy("End")),
            ("place", gettext_lazy("Place")),
        ],
    ),
    Crud(
        model=Organization,
        form_class=OrganizationForm,
        queryset=selectors.organization_list,
        filterset_class=OrganizationFilter,
        columns=[
            ("name", gettext_lazy("Name")),
            ("get_kind_display", gettext_lazy("Kind")),
            ("congress", gettext_lazy("Congress")),
            ("parent", gettext_lazy("Parent organization")),
            ("is_handling_unit", gettext_lazy("Handles proposals")),
            ("is_active", gettext_lazy("Active")),
        ],
    ),
]
