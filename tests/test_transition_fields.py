"""No staff screen edits a field that a transition service owns.

A model whose fields are moved only by services (``poll_open``, ``report_year_publish``,
``deputy_end_mandate`` ...) names them in a class attribute ``transition_fields``. These tests find
every staff form generically and fail when one of them exposes such a field:

- every URL served by a class-based view with a form: the generic record pages of ``congress.crud``
  (their ``crud.form_class``) and any view with ``form_class``;
- every ``ModelForm`` subclass defined in the project's apps (``<app>.forms`` and wherever else one
  is defined), which also covers function views, formsets and the forms transition screens use;
- every ModelAdmin of the admin site (its add and change forms, inlines and ``list_editable``).

A second test checks that the models whose status-like fields a ``services`` module moves declare
``transition_fields`` at all, so a new model cannot slip past the first test by declaring nothing.
"""

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

BASE = Path(settings.BASE_DIR).resolve()
# A form whose fields are the input of one transition service (the view calls the service, never
# ``form.save()``) names that service here: ``transition_service = "projects.services.suggestion_respond"``.
# It is then allowed to carry the fields that service owns; the name must resolve to a function.
SERVICE_ATTR = "transition_service"
STATUS_LIKE = re.compile(r"^(status|state|published|decided_\w+|\w+_status)$")

# The models the issue names, with the fields each must at least declare.
REQUIRED = {
    "reports.ReportYear": {"published"},
    "deputies.Deputy": {"status", "status_date"},
    "projects.Suggestion": {"status", "response"},
    "meetings.Poll": {"status"},
    "proposals.Proposal": {"status"},
    "proposals.Assignment": {"replied_on", "withdrawn_on"},
}


def project_apps():
    """Return the app configs whose code lives in this repository (not in the virtualenv)."""
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(BASE) and ".venv" not in path.parts:
            found.append(config)
    return found


def _is_project(cls) -> bool:
    return cls.__module__.split(".")[0] in {c.name.split(".")[0] for c in project_apps()}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _url_patterns(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":  # the admin site is walked through its registry below
                continue
            ns = "%s%s:" % (prefix, p.namespace) if p.namespace else prefix
            yield from _url_patterns(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield "%s%s" % (prefix, p.name or p.pattern), p.callback


def url_forms():
    """Return {label: form class} for every URL whose class-based view edits through a form."""
    found = {}
    for name, callback in _url_patterns(get_resolver().url_patterns):
        view_class = getattr(callback, "view_class", None)
        if view_class is None:
            continue
        initkwargs = getattr(callback, "view_initkwargs", {}) or {}
        crud = initkwargs.get("crud")
        form_class = None
        if crud is not None and hasattr(view_class, "get_form_class"):  # congress.crud.FormPage
            form_class = crud.form_class
        elif crud is None:
            form_class = initkwargs.get("form_class") or getattr(view_class, "form_class", None)
        if form_class is not None:
            found["url %s (%s)" % (name, view_class.__name__)] = form_class
    return found


def model_forms():
    """Return {label: ModelForm class} for every ModelForm subclass defined in the project."""
    for config in project_apps():
        for module in ("forms", "views", "admin"):
            try:
                importlib.import_module("%s.%s" % (config.name, module))
            except ModuleNotFoundError as exc:
                if exc.name != "%s.%s" % (config.name, module):
                    raise
    found = {}
    for cls in _subclasses(forms.ModelForm):
        if _is_project(cls) and getattr(cls._meta, "model", None) is not None:
            found["%s.%s" % (cls.__module__, cls.__qualname__)] = cls
    return found


def _form_fields(form_class) -> set[str]:
    """Return the fields a form shows: an instance's where it builds without arguments (a form may
    drop fields in ``__init__``), else the class's declared and model fields."""
    try:
        return set(form_class().fields)
    except Exception:  # needs arguments (user=, instance=...): judge the class's own fields
        return set(form_class.base_fields)


def _allowed_by_service(form_class) -> set[str]:
    """Return the fields a form may carry because it is the input form of a transition service."""
    dotted = getattr(form_class, SERVICE_ATTR, "")
    if not dotted:
        return set()
    module, _dot, func = dotted.rpartition(".")
    assert callable(getattr(importlib.import_module(module), func, None)), "%s.%s = %r names no service function" % (
        form_class.__qualname__,
        SERVICE_ATTR,
        dotted,
    )
    return set(getattr(form_class._meta.model, "transition_fields", ()))


def offences(label, form_class, model=None) -> list[str]:
    model = model or getattr(getattr(form_class, "_meta", None), "model", None)
    owned = set(getattr(model, "transition_fields", ())) if model is not None else set()
    if not owned:
        return []
    exposed = (_form_fields(form_class) & owned) - _allowed_by_service(form_class)
    return ["%s: form %s edits %s.%s" % (label, form_class.__qualname__, model._meta.label, f) for f in sorted(exposed)]


@pytest.fixture
def staff_forms(db):
    found = dict(url_forms())
    found.update(model_forms())
    return found


def test_the_walker_finds_the_staff_forms(staff_forms):
    """The walk must reach the generic record pages of every app and their ModelForms, so the
    check below cannot pass by finding nothing."""
    names = sorted(staff_forms)
    print("\n".join(["%d staff forms walked:" % len(names), *names]))
    edit_urls = [n for n in names if n.startswith("url ") and "_update (" in n]
    assert len(edit_urls) >= 28, names
    assert len([n for n in names if not n.startswith("url ")]) >= 28, names
    for expected in (
        "url reports:reportyear_update (FormPage)",
        "url congress:organization_update (FormPage)",
        "url deputies:deputy_update (FormPage)",
        "url projects:suggestion_update (FormPage)",
        "reports.forms.ReportYearForm",
        "congress.forms.OrganizationForm",
    ):
        assert expected in names, expected
    modelled = {c.__module__.split(".")[0] for c in staff_forms.values()}
    assert {"congress", "deputies", "meetings", "projects", "appointments", "oversight", "reports"} <= modelled


def test_no_staff_form_exposes_a_transition_field(staff_forms):
    found = [line for label, form_class in sorted(staff_forms.items()) for line in offences(label, form_class)]
    assert not found, "Staff forms that edit fields a transition service owns:\n" + "\n".join(found)


def test_the_walker_flags_a_form_and_an_admin_that_expose_a_transition_field(db):
    """The checks below are not vacuous: a ModelForm or a ModelAdmin carrying ``published`` is named."""
    from reports.models import ReportYear

    leaky = forms.modelform_factory(ReportYear, fields=["year", "published"])
    assert offences("probe", leaky) == ["probe: form ReportYearForm edits reports.ReportYear.published"]
    assert offences("probe", forms.modelform_factory(ReportYear, fields=["year"])) == []
    site = admin.AdminSite(name="probe")
    site.register(ReportYear)
    form_class = site._registry[ReportYear].get_form(_admin_request(), None)
    assert offences("probe", form_class, ReportYear) == [
        "probe: form ReportYearForm edits reports.ReportYear.published"
    ]


def _admin_request():
    from congress.models import User

    request = RequestFactory().get("/admin/")
    request.user = User(username="walker", is_staff=True, is_superuser=True, is_active=True)
    return request


def test_no_admin_screen_exposes_a_transition_field(db):
    """The admin site is a staff screen too: its add/change forms, inlines and list_editable columns
    must leave transition fields read-only."""
    request, found, walked = _admin_request(), [], 0
    for model, model_admin in admin.site._registry.items():
        walked += 1
        label = "admin %s (%s)" % (model._meta.label, type(model_admin).__name__)
        owned = set(getattr(model, "transition_fields", ()))
        for f in sorted(owned & set(model_admin.list_editable)):
            found.append("%s: list_editable edits %s.%s" % (label, model._meta.label, f))
        for obj in (None, model()):
            allowed = (
                model_admin.has_change_permission(request, obj)
                if obj is not None
                else model_admin.has_add_permission(request)
            )
            if not allowed:  # a read-only admin shows no form at all
                continue
            form_class = model_admin.get_form(request, obj, change=obj is not None)
            found += offences("%s %s form" % (label, "change" if obj else "add"), form_class, model)
            for inline in model_admin.get_inline_instances(request, obj):
                if not (inline.has_change_permission(request, obj) or inline.has_add_permission(request, obj)):
                    continue
                formset = inline.get_formset(request, obj)
                found += offences("%s inline %s" % (label, type(inline).__name__), formset.form, inline.model)
    assert walked >= 20
    for config in project_apps():  # admin actions: a bulk .update(status=...) bypasses the services
        path = Path(config.path) / "admin.py"
        owned = set().union(*(getattr(m, "transition_fields", ()) for m in config.get_models()))
        if path.exists():
            found += [
                "%s: writes %s outside its service" % (config.name + ".admin", f)
                for f in sorted(written_fields(path) & owned)
            ]
    found = sorted(set(found))
    assert not found, "Admin screens that edit fields a transition service owns:\n" + "\n".join(found)


def _services_sources(config) -> list[Path]:
    root = Path(config.path)
    return [p for p in [root / "services.py", *sorted((root / "services").glob("*.py"))] if p.exists()]


def field_writes(path: Path) -> list[tuple[str, int, tuple[str, ...]]]:
    """Return (field, line, names written together) for every field name a module writes on a record:
    attribute assignments (not to ``self``), ``save(update_fields=[...])`` entries and
    ``.update(field=...)`` keywords."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = [node.target] if isinstance(node, ast.AugAssign) else node.targets
            targets = [t for tgt in targets for t in (tgt.elts if isinstance(tgt, ast.Tuple) else [tgt])]
            names = tuple(
                t.attr
                for t in targets
                if isinstance(t, ast.Attribute) and not (isinstance(t.value, ast.Name) and t.value.id == "self")
            )
            found += [(name, node.lineno, names) for name in names]
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "update_fields" and isinstance(kw.value, (ast.List, ast.Tuple)):
                    found += [(e.value, node.lineno, ()) for e in kw.value.elts if isinstance(e, ast.Constant)]
                if isinstance(node.func, ast.Attribute) and node.func.attr == "update" and kw.arg:
                    found.append((kw.arg, node.lineno, ()))
    return found


def written_fields(path: Path) -> set[str]:
    """Return the status-like field names a module moves: ``save(update_fields=[...])`` entries,
    ``.update(status=...)`` keywords, and assignments whose every target is status-like
    (``poll.status = ...``; a record save that sets ``published`` among a dozen particulars is not
    a transition)."""
    return {
        name
        for name, _line, together in field_writes(path)
        if STATUS_LIKE.match(name) and all(STATUS_LIKE.match(n) for n in together)
    }


def moved_fields(config) -> set[str]:
    return set().union(*(written_fields(p) for p in _services_sources(config)))


def test_models_whose_status_a_service_moves_declare_transition_fields():
    """The models the issue names declare at least their service-owned fields, and every model whose
    status-like field (status, state, published, decided_*) its app's services write declares it."""
    missing = []
    for label, fields in REQUIRED.items():
        model = apps.get_model(label)
        lacking = fields - set(getattr(model, "transition_fields", ()))
        if lacking:
            missing.append("%s.transition_fields lacks %s" % (label, ", ".join(sorted(lacking))))
    for config in project_apps():
        moved = moved_fields(config)
        for model in config.get_models():
            if not inspect.isclass(model) or model._meta.label.startswith("%s.Historical" % config.label):
                continue
            names = {f.name for f in model._meta.concrete_fields}
            lacking = (names & moved) - set(getattr(model, "transition_fields", ()))
            if lacking:
                missing.append(
                    "%s: %s.services writes %s but transition_fields does not name it"
                    % (model._meta.label, config.name, ", ".join(sorted(lacking)))
                )
    assert not missing, "\n".join(sorted(set(missing)))


def test_only_services_write_transition_fields():
    """Views, admin actions, forms, tasks, commands and demo data reach a transition field only through
    its service: no other module of the app assigns it, lists it in ``update_fields`` or bulk-updates it."""
    found = []
    for config in project_apps():
        owned = set().union(*(getattr(m, "transition_fields", ()) for m in config.get_models()))
        owned |= set().union(*(f for label, f in REQUIRED.items() if label.split(".")[0] == config.label))
        owned |= moved_fields(config)
        root = Path(config.path)
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(root)
            if rel.parts[0] in ("migrations", "tests", "services") or rel.name in ("models.py", "services.py"):
                continue
            found += [
                "%s/%s:%d writes %s outside the services" % (config.label, rel, line, name)
                for name, line, _together in field_writes(path)
                if name in owned
            ]
    assert not found, "\n".join(found)


def test_the_generic_record_page_never_writes_a_transition_field(role_users):
    """Even a form that lists ``published`` by mistake cannot publish a year from a generic edit page."""
    from django.contrib.messages.storage.fallback import FallbackStorage

    from congress.crud import Crud, FormPage
    from congress.forms import PortalFormMixin
    from reports.models import ReportYear
    from reports.services import report_year_ensure

    report = report_year_ensure(year=2024, actor=role_users["staff"])
    leaky = type(
        "LeakyForm",
        (PortalFormMixin, forms.ModelForm),
        {"Meta": type("Meta", (), {"model": ReportYear, "fields": ["year", "title", "published"]})},
    )
    page = FormPage.as_view(
        crud=Crud(
            model=ReportYear,
            form_class=leaky,
            queryset=ReportYear.objects.all,
            columns=[],
            manage_perm="reports.manage",
        )
    )
    for _attempt in range(2):
        request = RequestFactory().post("/", {"year": 2024, "title": "综述", "published": "on"})
        request.user, request.session = role_users["staff"], {}
        request._messages = FallbackStorage(request)
        response = page(request, pk=report.pk)
        assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
        report.refresh_from_db()
        assert (report.title, report.published) == ("综述", False)
