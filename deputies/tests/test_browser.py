"""Deputies' pages in Debian's Chromium: a citizen leaves a message from a phone, staff import a
roster through the preview, a deputy opens their dossier."""

import datetime as dt

import pytest
from openpyxl import Workbook

from congress import demo
from congress.models import Term
from deputies.models import Deputy, PublicOpinion
from deputies.tests.factories import ActivityFactory, DeputyFactory, LiaisonStationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_names"),
]


@pytest.fixture
def accounts(transactional_db):
    demo.seed_core()
    return {u.username: u for u in demo.seed_accounts()}


def login(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.demo_password())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/me/")


def test_citizen_leaves_a_message_from_a_phone(accounts, live_server, page, artifacts):
    station = LiaisonStationFactory(name="关庙镇人大代表联络站", schedule="每月10日上午")
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/deputies/stations/")
    page.get_by_role("link", name="关庙镇人大代表联络站").click()
    assert page.get_by_label("website").count() == 0 or not page.locator(".honeypot").is_visible()
    page.get_by_label("留言内容").fill("镇中心小学门口缺少减速带，上下学时段车速快")
    page.get_by_role("button", name="提交").click()
    assert page.get_by_text("谢谢您的留言").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "station-message.png"), full_page=True)
    opinion = PublicOpinion.objects.get(station=station)
    assert opinion.content.startswith("镇中心小学门口") and opinion.source == "message"


def test_staff_import_roster_through_the_preview(accounts, live_server, page, artifacts, tmp_path):
    book = Workbook()
    book.active.append(["姓名", "性别", "出生年月", "工作单位及职务"])
    book.active.append(["浏览器导入代表", "女", "1980.06", "张滩镇中心卫生院院长"])
    path = tmp_path / "名册.xlsx"
    book.save(path)
    login(page, live_server, "staff")
    page.goto(live_server.url + "/deputies/manage/import/")
    page.get_by_label("代表名册").set_input_files(str(path))
    page.get_by_label("届次").select_option(index=1)
    page.get_by_role("button", name="预览").click()
    assert "新增1条，更新0条，有错误0条" in page.get_by_test_id("import-counts").inner_text()
    assert not Deputy.objects.filter(full_name="浏览器导入代表").exists()
    page.get_by_role("button", name="确认并保存").click()
    assert page.get_by_text("导入完成：新增1条，更新0条").is_visible()
    page.screenshot(path=str(artifacts / "roster-import.png"), full_page=True)
    assert Deputy.objects.get(full_name="浏览器导入代表").birth_date == dt.date(1980, 6, 1)


def test_deputy_opens_own_dossier_on_a_phone(accounts, live_server, page, artifacts):
    term = Term.objects.get(number=19, congress__level="district")
    deputy = DeputyFactory(term=term, user=accounts["deputy"], full_name="陈秀兰")
    ActivityFactory(kind="attendance", title="列席区人大常委会第十次会议", date=dt.date.today()).participants.add(
        deputy
    )
    page.set_viewport_size({"width": 375, "height": 812})
    login(page, live_server, "deputy")
    page.get_by_role("link", name="我的履职档案").click()
    assert page.get_by_role("heading", name="陈秀兰的履职档案").is_visible()
    assert page.get_by_text("列席区人大常委会第十次会议").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "dossier.png"), full_page=True)
