"""Staff keep the list of proposal categories (类别) with the project's CRUD pages: nothing is deleted,
a category no longer offered is made inactive (the proposals that have it keep it)."""

from django.utils.translation import gettext_lazy

from congress.crud import Crud
from proposals.forms import CategoryFilter, CategoryForm
from proposals.models import Category

CATEGORIES = Crud(
    model=Category,
    segment="categories",
    form_class=CategoryForm,
    filterset_class=CategoryFilter,
    queryset=lambda: Category.objects.order_by("order", "name"),
    columns=[
        ("name", gettext_lazy("Name")),
        ("order", gettext_lazy("Order")),
        ("active", gettext_lazy("Active")),
    ],
    view_perm="proposals.manage",
    manage_perm="proposals.manage",
    nav_template="proposals/_categories_nav.html",
)
