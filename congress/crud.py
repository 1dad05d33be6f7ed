"""Staff pages for reference records: list (filtered, paginated), detail with audit trail, create,
edit. One definition per model gives all four views and their URLs; later apps reuse it.
Nothing is deleted here: records others depend on are deactivated through their edit form."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django.views.generic.edit import FormView
from rules.contrib.views import PermissionRequiredMixin

from congress import paging, selectors, services
from congress.validators import year_in_range


@dataclass
class Crud:
    model: type[Model]
    form_class: type
    queryset: callable  # selector returning the list queryset (owns its joins)
    columns: list[tuple[str, str]]  # (accessor, label); accessor may be dotted or get_x_display
    filterset_class: type | None = None
    view_perm: str = "congress.view_core"
    manage_perm: str = "congress.manage_core"
    name: str = ""
    segment: str = ""  # URL segment, default name + "s"
    nav_template: str = "congress/_records_nav.html"
    private_fields: tuple = ()  # shown on the detail page only to users with private_perm
    private_perm: str = ""
    actions: callable = None  # (request, obj) -> dict for detail_template's action forms
    detail_template: str = ""  # included under the fields on the detail page
    extra_context: dict = field(default_factory=dict)
    keyset: tuple = ()  # ordering keys for keyset pages with a bounded count (congress.paging) on large tables

    def __post_init__(self):
        self.name = self.name or self.model._meta.model_name
        self.segment = self.segment or self.name + "s"

    def urls(self, prefix: str = "manage/"):
        n, base = self.name, "%s%s/" % (prefix, self.segment)
        return [
            path(base, ListPage.as_view(crud=self), name="%s_list" % n),
            path(base + "new/", FormPage.as_view(crud=self), name="%s_create" % n),
            path(base + "<int:pk>/", DetailPage.as_view(crud=self), name="%s_detail" % n),
            path(base + "<int:pk>/edit/", FormPage.as_view(crud=self), name="%s_update" % n),
        ]


def cell(obj, accessor: str):
    value = obj
    for part in accessor.split("."):
        value = getattr(value, part, None)
        if callable(value):
            value = value()
        if value is None:
            return ""
    return value


class CrudMixin(PermissionRequiredMixin):
    crud: Crud = None

    def get_permission_required(self):
        return (self.crud.view_perm,)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meta = self.crud.model._meta
        can_manage = self.request.user.has_perm(self.crud.manage_perm)
        ctx.update(
            crud=self.crud,
            verbose_name=meta.verbose_name,
            verbose_name_plural=meta.verbose_name_plural,
            url_ns=self.request.resolver_match.namespace,
            can_manage=can_manage,
            **self.crud.extra_context,
        )
        return ctx


class ListPage(CrudMixin, TemplateView):
    template_name = "congress/crud/list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs: QuerySet = self.crud.queryset()
        filterset = None
        if self.crud.filterset_class:
            filterset = self.crud.filterset_class(self.request.GET or None, queryset=qs)
            qs = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
        if self.crud.keyset:
            page = paging.keyset_page(qs, self.request.GET, keys=self.crud.keyset, per_page=25)
        else:
            page = Paginator(qs, 25).get_page(self.request.GET.get("page"))
        ctx.update(
            filter=filterset,
            page_obj=page,
            keyset=bool(self.crud.keyset),
            headers=[label for _a, label in self.crud.columns],
            rows=[(obj, [cell(obj, a) for a, _l in self.crud.columns]) for obj in page],
        )
        return ctx


class DetailPage(CrudMixin, TemplateView):
    template_name = "congress/crud/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = get_object_or_404(self.crud.queryset(), pk=self.kwargs["pk"])
        form = self.crud.form_class(instance=obj)
        hidden = (
            set()
            if not self.crud.private_fields or self.request.user.has_perm(self.crud.private_perm)
            else set(self.crud.private_fields)
        )
        fields = [(form[name].label, _value(obj, name)) for name in form.fields if name not in hidden]
        ctx.update(object=obj, fields=fields, audit=selectors.audit_for(obj)[:50])
        if self.crud.actions and ctx["can_manage"]:
            ctx.update(self.crud.actions(self.request, obj))
        return ctx


def _value(obj, name):
    """Return a field's value for display: choices by label, many-to-many as a joined list."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return "、".join(str(o) for o in getattr(obj, name).all())
    return cell(obj, "get_%s_display" % name if hasattr(obj, "get_%s_display" % name) else name)


class FormPage(CrudMixin, FormView):
    template_name = "congress/crud/form.html"

    def get_permission_required(self):
        return (self.crud.manage_perm,)

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.crud.model, pk=self.kwargs["pk"])
        return self._object

    def get_form_class(self):
        return self.crud.form_class

    def get_form(self, form_class=None):
        """Return the form without the fields a transition service owns (``model.transition_fields``):
        even a form that lists one by mistake cannot move a record's state from here."""
        form = super().get_form(form_class)
        for name in getattr(self.crud.model, "transition_fields", ()):
            form.fields.pop(name, None)
        return form

    def get_form_kwargs(self):
        return dict(super().get_form_kwargs(), instance=self.get_object())

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.get_object(), **kwargs)

    def form_valid(self, form):
        obj = services.record_save(form=form, actor=self.request.user)
        messages.success(self.request, _("Saved %(name)s.") % {"name": obj})
        return redirect(obj.get_absolute_url())


def year_param(request, default: int | None = None) -> int:
    """Return the ``year`` query parameter when it is a plausible year, else ``default`` (this year)."""
    from django.utils import timezone

    raw = request.GET.get("year", "")
    if raw.isdigit() and year_in_range(int(raw)):
        return int(raw)
    return default if default is not None else timezone.localdate().year
