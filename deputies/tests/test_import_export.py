"""Roster import from a real .xlsx the test writes, and the exports read back with openpyxl."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from congress.models import AuditEntry, Term
from deputies.models import Deputy
from deputies.tests.factories import DeputyFactory, DeputyGroupFactory, LiaisonStationFactory, ReceptionFactory

pytestmark = pytest.mark.django_db
HEADER = [
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "党派",
    "工作单位及职务",
    "选区",
    "代表小组",
    "联络站",
    "手机",
    "身份证号",
]


def xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile(
        "名册.xlsx", out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.fixture
def term(role_users):
    term = Term.objects.get(number=19, congress__level="district")
    DeputyGroupFactory(term=term, name="关庙镇代表小组")
    LiaisonStationFactory(name="关庙镇人大代表联络站")
    return term


def upload(client, term, file):
    return client.post(reverse("deputies:import"), {"file": file, "term": term.pk})


def test_preview_classifies_rows_and_writes_nothing(client_as, term):
    existing = DeputyFactory(term=term, full_name="王建国", birth_date=dt.date(1968, 5, 1), occupation="旧单位")
    rows = [
        [
            "李秀兰",
            "女",
            "汉族",
            "1975.03",
            "中共党员",
            "关庙镇中心小学校长",
            "第3选区",
            "关庙镇代表小组",
            "关庙镇人大代表联络站",
            "13912345678",
            "",
        ],
        ["王建国", "男", "汉族", dt.datetime(1968, 5, 1), "群众", "关庙镇卫生院院长", "第4选区", "", "", "", ""],
        ["张三", "未知", "汉族", "1975-13", "某党", "", "", "不存在的小组", "", "12345", "123"],
        ["李秀兰", "女", "汉族", "1975.03", "", "", "", "", "", "", ""],
    ]
    before = Deputy.objects.count()
    response = upload(client_as("staff"), term, xlsx(rows))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [r.action for r in preview["rows"]] == ["new", "update", "error", "error"]
    bad = preview["rows"][2].errors
    assert set(bad) == {"性别", "出生年月", "党派", "代表小组", "手机", "身份证号"}
    assert preview["rows"][3].errors == {"姓名": "与第2行是同一人。"}
    assert Deputy.objects.count() == before
    assert "有错误2条" in response.content.decode() and "确认并保存" not in response.content.decode()
    existing.refresh_from_db()
    assert existing.occupation == "旧单位"


def test_fixed_file_is_saved_on_confirm_with_audit(client_as, role_users, term):
    existing = DeputyFactory(term=term, full_name="王建国", birth_date=dt.date(1968, 5, 1))
    rows = [
        [
            "李秀兰",
            "女",
            "回族",
            "1975年3月",
            "民盟",
            "关庙镇中心小学校长",
            "第3选区",
            "关庙镇代表小组",
            "关庙镇人大代表联络站",
            "13912345678",
            "",
        ],
        ["王建国", "男", "汉族", "1968-05-01", "无党派人士", "关庙镇卫生院院长", "第4选区", "", "", "", ""],
    ]
    client = client_as("staff")
    response = upload(client, term, xlsx(rows))
    token = response.context["token"]
    assert response.context["preview"]["error"] == 0
    response = client.post(reverse("deputies:import_confirm", args=[token]), {"term": term.pk}, follow=True)
    assert "新增1条，更新1条" in response.content.decode()
    new = Deputy.objects.get(full_name="李秀兰")
    assert (new.ethnicity, new.party, new.birth_date, new.group.name, new.station.name, new.congress) == (
        "回族",
        "democratic",
        dt.date(1975, 3, 1),
        "关庙镇代表小组",
        "关庙镇人大代表联络站",
        term.congress,
    )
    existing.refresh_from_db()
    assert existing.occupation == "关庙镇卫生院院长" and existing.party == "independent"
    assert AuditEntry.objects.filter(
        content_type__model="deputy", object_id=str(new.pk), actor=role_users["staff"]
    ).exists()
    # the same token cannot be confirmed twice
    again = client.post(reverse("deputies:import_confirm", args=[token]), {"term": term.pk}, follow=True)
    assert "本次导入已失效" in again.content.decode()
    assert Deputy.objects.filter(full_name="李秀兰").count() == 1


def test_confirm_refuses_a_file_with_errors(client_as, term):
    client = client_as("staff")
    token = upload(client, term, xlsx([["", "男"]])).context["token"]
    response = client.post(reverse("deputies:import_confirm", args=[token]), {"term": term.pk}, follow=True)
    assert "文件中有错误的行" in response.content.decode()
    assert not Deputy.objects.filter(term=term, full_name="").exists()


@pytest.mark.parametrize(
    "file, message",
    [
        (SimpleUploadedFile("名册.xlsx", b"MZ\x90\x00 this is an exe"), "这不是Excel .xlsx文件"),
        (SimpleUploadedFile("名册.xlsx", b"PK\x03\x04" + b"junk" * 1000), "这不是Excel .xlsx文件"),
        (SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024)), "文件超过5 MB"),
    ],
)
def test_bad_files_get_a_clear_error(client_as, term, file, message):
    response = upload(client_as("staff"), term, file)
    assert response.status_code == 200 and message in response.content.decode()


def test_wrong_columns_get_a_clear_error(client_as, term):
    response = upload(client_as("staff"), term, xlsx([["x", "y"]], header=["名字", "sex"]))
    assert "第一行应为列名，缺少：姓名、性别" in response.content.decode()


def test_roster_export_follows_the_filter(client_as, term):
    DeputyFactory(term=term, full_name="导出甲", phone="13900000001")
    DeputyFactory(term=term, full_name="另一人")
    response = client_as("staff").get(reverse("deputies:export_roster"), {"q": "导出"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("姓名", "性别") and [r[0] for r in rows[1:]] == ["导出甲"]
    assert rows[1][9] == "13900000001"


def test_year_export_holds_that_years_receptions(client_as, term):
    ReceptionFactory(date=dt.date(2023, 3, 1), visitors=12)
    ReceptionFactory(date=dt.date(2022, 3, 1), visitors=99)
    response = client_as("leader").get(reverse("deputies:export_year", args=["receptions", 2023]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[2] for r in rows[1:]] == [12]
    assert client_as("leader").get(reverse("deputies:export_year", args=["secrets", 2023])).status_code == 404
