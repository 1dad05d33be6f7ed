import datetime as dt

import pytest
from django.urls import reverse

from deputies.tests.factories import ActivityFactory, DeputyFactory, PublicOpinionFactory, ReceptionFactory
from reports.models import ReportYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(role_users):
    ReportYear.objects.create(year=2023, published=True)
    return 2023


def figure(client, key, year=2023):
    data = client.get(reverse("reports:report_data", args=[year])).json()
    return {f["key"]: f["value"] for f in data["figures"]}[key]


def test_one_more_record_moves_exactly_its_figure_by_one(client, year):
    before = {f["key"]: f["value"] for f in client.get(reverse("reports:report_data", args=[2023])).json()["figures"]}
    PublicOpinionFactory(received_on=dt.date(2023, 8, 1))
    ActivityFactory(kind="dialogue", date=dt.date(2023, 9, 1))
    ReceptionFactory(date=dt.date(2023, 7, 1), visitors=1)
    after = {f["key"]: f["value"] for f in client.get(reverse("reports:report_data", args=[2023])).json()["figures"]}
    moved = {k: after[k] - before[k] for k in before if after[k] != before[k]}
    assert moved == {"deputies.opinions_collected": 1, "deputies.dialogues": 1, "deputies.reception_visits": 1}


def test_many_to_many_changes_invalidate_the_cache(client, year, role_users):
    from congress.models import Term

    meeting = ActivityFactory(kind="attendance", date=dt.date(2023, 3, 1))
    assert figure(client, "deputies.attendance") == 0
    meeting.participants.add(DeputyFactory(term=Term.objects.get(number=19, congress__level="district")))
    assert figure(client, "deputies.attendance") == 1


def test_report_page_is_cheap_cold_and_cached_warm(client, year, django_assert_num_queries):
    url = reverse("reports:report", args=[2023])
    with django_assert_num_queries(53):  # cold: each app's figures for 2023 and 2022, the charts (fixed)
        assert client.get(url).status_code == 200
    with django_assert_num_queries(0):  # warm: years, narrative, figures and charts all cached
        response = client.get(url)
    assert "3 人大代表" in response.content.decode()


def test_data_json_has_stable_keys_units_and_definitions(client, year):
    data = client.get(reverse("reports:report_data", args=[2023])).json()
    assert data["year"] == 2023
    keys = {f["key"] for f in data["figures"]}
    assert {"deputies.reception_visits", "deputies.opinions_resolved", "deputies.attendance"} <= keys
    assert all(f["unit"] and f["definition"] and "staff_url" not in f for f in data["figures"])


def test_unpublished_year_is_for_staff_only(client, client_as, role_users):
    ReportYear.objects.create(year=2024, published=False)
    assert client.get(reverse("reports:report", args=[2024])).status_code == 404
    assert client.get(reverse("reports:report_data", args=[2024])).status_code == 404
    page = client_as("leader").get(reverse("reports:report", args=[2024])).content.decode()
    assert "未发布" in page


def test_a_year_without_records_shows_zeros(client, role_users):
    ReportYear.objects.create(year=1990, published=True)
    response = client.get(reverse("reports:report", args=[1990]))
    assert response.status_code == 200
    assert all(
        f["value"] == 0
        for f in client.get(reverse("reports:report_data", args=[1990])).json()["figures"]
        if f["key"] != "deputies.in_office"
    )


def test_narrative_is_written_by_staff_and_shown_in_its_part(client, client_as, year):
    report = ReportYear.objects.get(year=2023)
    client_as("staff").post(
        reverse("reports:narrative_create"),
        {
            "report": report.pk,
            "part": "people",
            "order": 1,
            "text": "悠悠万事，民生为大。",
            "photo_caption": "高井中学新校区",
        },
    )
    page = client.get(reverse("reports:report", args=[2023])).content.decode()
    assert "悠悠万事，民生为大。" in page and "高井中学新校区" in page


def test_figures_workbook_and_receptions_csv(client, year):
    from io import BytesIO

    from openpyxl import load_workbook

    ReceptionFactory(date=dt.date(2023, 5, 2), visitors=7)
    book = load_workbook(BytesIO(client.get(reverse("reports:report_xlsx", args=[2023])).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "键" and any(r[0] == "deputies.reception_visits" and r[3] == 7 for r in rows[1:])
    assert rows[0][5] == "上年" and all(r[5] is None for r in rows[1:])  # no 2022 report year: nothing beside
    ReportYear.objects.create(year=2022, published=True)
    ReceptionFactory(date=dt.date(2022, 5, 2), visitors=3)
    book = load_workbook(BytesIO(client.get(reverse("reports:report_xlsx", args=[2023])).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert [r[5] for r in rows if r[0] == "deputies.reception_visits"] == [3]
    csv_text = client.get(reverse("reports:report_csv", args=[2023])).content.decode("utf-8-sig")
    assert csv_text.splitlines()[1].endswith(",5,7")


def test_pdf_carries_the_chinese_text_and_figures(client, year):
    from io import BytesIO

    from pypdf import PdfReader

    ReceptionFactory(date=dt.date(2023, 5, 2), visitors=31)
    response = client.get(reverse("reports:report_pdf", args=[2023]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    flat = "".join(text.split())  # a label may wrap inside its table cell
    assert "2023年区人大常委会工作综述" in flat and "代表联络站接待群众" in flat
    assert "31" in text
    reader = PdfReader(BytesIO(response.content))
    fonts = {f for page in reader.pages for f in (page.get("/Resources", {}).get("/Font") or {}).values()}
    assert any("CJK" in str(font.get_object().get("/BaseFont")) for font in fonts)


def test_change_since_last_year_reads_as_a_person_would_say_it():
    from decimal import Decimal

    from reports.selectors import change

    assert change(13, 11) == {"direction": "up", "diff": "+2", "percent": "+18.2%"}
    assert change(3, 5) == {"direction": "down", "diff": "-2", "percent": "-40.0%"}
    assert change(Decimal("6.35"), Decimal("5.58")) == {"direction": "up", "diff": "+0.77", "percent": "+13.8%"}
    assert change(100.0, 96.4, rate=True) == {"direction": "up", "diff": "+3.6", "percent": ""}
    assert change(4, 0) == {"direction": "up", "diff": "+4", "percent": ""}  # nothing to take a share of
    assert change(7, 7)["direction"] == "same"
    assert change(3_150_000, 1_080_000)["diff"] == "+2070000"  # never 2.07e+06
    assert change(7, None) is None


def test_last_years_value_and_the_change_show_where_last_year_is_visible(client, client_as, year, role_users):
    for day in (dt.date(2022, 3, 1), dt.date(2023, 3, 1), dt.date(2023, 4, 1)):
        ReceptionFactory(date=day, visitors=10)
    last = ReportYear.objects.create(year=2022, published=False)
    url, data_url = reverse("reports:report", args=[2023]), reverse("reports:report_data", args=[2023])
    # 2022 is not public yet: the public sees no comparison, staff do
    assert 'data-testid="previous-deputies.reception_visits"' not in client.get(url).content.decode()
    assert {f["key"]: f["previous"] for f in client.get(data_url).json()["figures"]}[
        "deputies.reception_visits"
    ] is None
    staff = client_as("staff")
    assert {f["key"]: f["previous"] for f in staff.get(data_url).json()["figures"]}["deputies.reception_visits"] == 10
    last.published = True
    last.save()
    page = client.get(url).content.decode()
    shown = page.split('data-testid="previous-deputies.reception_visits">')[1].split("</div>")[0]
    assert (
        "10" in shown and '"true">▲</span><span class="visually-hidden">增加</span>+10' in shown and "+100.0%" in shown
    )
    assert {f["key"]: f["previous"] for f in client.get(data_url).json()["figures"]}["deputies.reception_visits"] == 10


def test_a_release_reads_nothing_the_old_code_cached(client, year):
    """Every release runs migrate; the cached pages of the code before it are never read again."""
    from django.core.management import call_command

    from reports.figures import stamp

    client.get(reverse("reports:report", args=[2023]))
    before = stamp()
    call_command("migrate", verbosity=0)
    assert stamp() > before


def test_old_and_new_code_never_share_a_cached_page(monkeypatch, year):
    """During a release old and new workers run side by side: each reads what its own code cached."""
    from reports import figures

    assert figures.cached("shape", lambda: "old shape") == "old shape"
    assert figures.cached("shape", lambda: "never built") == "old shape"
    monkeypatch.setattr(figures, "code_version", lambda: "next-release")
    assert figures.cached("shape", lambda: "new shape") == "new shape"


def test_the_code_fingerprint_follows_the_translations(settings, tmp_path):
    """A release that changes only a translation still gets pages of its own."""
    from congress.stamp import code_version

    catalogue = tmp_path / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    catalogue.parent.mkdir(parents=True)
    settings.LOCALE_PATHS = [tmp_path]
    try:
        catalogue.write_bytes(b"one translation")
        code_version.cache_clear()
        first = code_version()
        catalogue.write_bytes(b"another translation")
        code_version.cache_clear()
        assert code_version() != first
    finally:
        code_version.cache_clear()
