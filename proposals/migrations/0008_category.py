"""Categories become a managed list: a starting list (the district's usual subject areas) plus one
Category per other distinct free-text value (trimmed; an empty one becomes 未分类), every proposal
and its history rows pointed to theirs, the text column dropped."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

UNCATEGORISED = "未分类"
STARTING = ["城乡建设", "经济发展", "社会事业", "农业农村", "交通", "教育", "医疗卫生", "生态环境", "其他"]


def to_categories(apps, schema_editor):
    Category = apps.get_model("proposals", "Category")
    Proposal = apps.get_model("proposals", "Proposal")
    History = apps.get_model("proposals", "HistoricalProposal")
    names = set(Proposal.objects.values_list("category_text", flat=True).distinct())
    names |= set(History.objects.values_list("category_text", flat=True).distinct())
    found = {(n or "").strip()[:50] or UNCATEGORISED for n in names}
    by_name = {}
    for order, name in enumerate(STARTING + sorted(found - set(STARTING))):
        by_name[name] = Category.objects.create(name=name, order=(order + 1) * 10).pk
    for model in (Proposal, History):
        for text in model.objects.values_list("category_text", flat=True).distinct():
            key = (text or "").strip()[:50] or UNCATEGORISED
            model.objects.filter(category_text=text).update(category_id=by_name[key])


def to_text(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    History = apps.get_model("proposals", "HistoricalProposal")
    Category = apps.get_model("proposals", "Category")
    for c in Category.objects.all():
        Proposal.objects.filter(category_id=c.pk).update(category_text=c.name)
        History.objects.filter(category_id=c.pk).update(category_text=c.name)


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0007_list_keyset_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Category",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=50, unique=True, verbose_name="name")),
                ("active", models.BooleanField(default=True, verbose_name="active")),
                ("order", models.PositiveIntegerField(default=0, verbose_name="order")),
            ],
            options={"verbose_name": "category", "verbose_name_plural": "categories", "ordering": ["order", "name"]},
        ),
        migrations.CreateModel(
            name="HistoricalCategory",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(db_index=True, max_length=50, verbose_name="name")),
                ("active", models.BooleanField(default=True, verbose_name="active")),
                ("order", models.PositiveIntegerField(default=0, verbose_name="order")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical category",
                "verbose_name_plural": "historical categories",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RenameField(model_name="proposal", old_name="category", new_name="category_text"),
        migrations.RenameField(model_name="historicalproposal", old_name="category", new_name="category_text"),
        migrations.AddField(
            model_name="proposal",
            name="category",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="proposals",
                to="proposals.category",
                verbose_name="category",
            ),
        ),
        migrations.AddField(
            model_name="historicalproposal",
            name="category",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="proposals.category",
                verbose_name="category",
            ),
        ),
        migrations.RunPython(to_categories, to_text),
        migrations.AlterField(
            model_name="proposal",
            name="category",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="proposals",
                to="proposals.category",
                verbose_name="category",
            ),
        ),
        migrations.RemoveField(model_name="proposal", name="category_text"),
        migrations.RemoveField(model_name="historicalproposal", name="category_text"),
    ]
