"""Categories are a managed list: staff keep it with the CRUD pages, the proposal form offers only
the active ones (a draft keeps a retired one), the list filters by it, and old text became rows."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.urls import reverse

from proposals.models import Category, Proposal
from proposals.tests.factories import deputy_mandate, draft

pytestmark = pytest.mark.django_db


def test_staff_keep_the_list_and_the_form_offers_active_ones(client_as, role_users):
    staff = client_as("staff")
    r = staff.post(reverse("proposals:category_create"), {"name": "营商环境", "order": 5, "active": "on"})
    assert r.status_code == 302
    cat = Category.objects.get(name="营商环境")
    assert staff.post(reverse("proposals:category_create"), {"name": "营商环境", "order": 1}).status_code == 200
    assert Category.objects.filter(name="营商环境").count() == 1  # unique: refused with a message
    assert "营商环境" in staff.get(reverse("proposals:category_list")).content.decode()
    assert client_as("deputy").get(reverse("proposals:category_list")).status_code == 403

    deputy_mandate(role_users)
    deputy = client_as("deputy")
    assert '<option value="营商环境">' in deputy.get(reverse("proposals:new")).content.decode()
    data = {"kind": "suggestion", "title": "优化营商环境", "category": "营商环境", "content": "内容"}
    assert deputy.post(reverse("proposals:new"), data).status_code == 302
    p = Proposal.objects.get(title="优化营商环境")
    assert p.category == cat

    staff.post(reverse("proposals:category_update", args=[cat.pk]), {"name": "营商环境", "order": 5})
    cat.refresh_from_db()
    assert cat.active is False
    assert "营商环境" not in deputy.get(reverse("proposals:new")).content.decode()
    assert "营商环境" in deputy.get(reverse("proposals:edit", args=[p.pk])).content.decode()  # kept on its draft
    r = deputy.post(reverse("proposals:new"), {**data, "title": "再写一条"})
    assert r.status_code == 200 and not Proposal.objects.filter(title="再写一条").exists()


def test_the_staff_list_filters_by_category(client_as, role_users):
    from proposals import services

    p = draft(role_users, title="按类别筛选")
    services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"])
    other = Category.objects.get(name="教育")
    staff = client_as("staff")
    url = reverse("proposals:manage")
    assert "按类别筛选" in staff.get(url, {"category": p.category_id}).content.decode()
    assert "按类别筛选" not in staff.get(url, {"category": other.pk}).content.decode()
    assert staff.get(url, {"category": "abc"}).status_code == 200


def test_migration_turns_free_text_into_categories(role_users):
    """The data step maps every distinct trimmed text to one row (empty to 未分类), proposals follow."""
    mig = importlib.import_module("proposals.migrations.0008_category")

    class FakeQS(list):
        def values_list(self, *a, **k):
            return self

        def distinct(self):
            return FakeQS(dict.fromkeys(self))

    created, updates = {}, []

    class Cats:
        class objects:
            @staticmethod
            def create(name, order):
                created[name] = order
                return type("C", (), {"pk": len(created)})

    class Rows:
        def __init__(self, texts):
            self.texts = texts

        @property
        def objects(self):
            outer = self

            class M:
                def values_list(self, *a, **k):
                    return FakeQS(outer.texts)

                def filter(self, category_text):
                    return type(
                        "U", (), {"update": lambda s, category_id: updates.append((category_text, category_id))}
                    )()

            return M()

    models = {
        "Category": Cats,
        "Proposal": Rows([" 交通 ", "", "新类别", "交通"]),
        "HistoricalProposal": Rows(["旧类"]),
    }
    mig.to_categories(type("A", (), {"get_model": staticmethod(lambda app, name: models[name])}), None)
    assert {"交通", "未分类", "新类别", "旧类"} <= set(created) and list(created)[: len(mig.STARTING)] == mig.STARTING
    by_text = dict(updates)
    ids = {name: i + 1 for i, name in enumerate(created)}
    assert by_text[" 交通 "] == ids["交通"] and by_text[""] == ids["未分类"] and by_text["旧类"] == ids["旧类"]
    assert global_apps.get_model("proposals", "Category").objects.filter(name="交通").exists()
