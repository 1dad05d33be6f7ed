"""In Chromium at 375 px: the organization's contact answers the review opinions from a phone; staff
see what is still waiting, by organization, the overdue in red; the public reads the decisions."""

import datetime as dt

import pytest

from congress import demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_names"),
]


@pytest.fixture
def demo_accounts(transactional_db):
    demo.seed_core()
    return {u.username: u for u in demo.seed_accounts()}


def _login(page, url, username, next_path):
    page.goto(url + "/accounts/login/?next=" + next_path)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.demo_password())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(url + next_path)


def test_the_organization_answers_on_a_phone_and_staff_see_what_is_left(
    demo_accounts, live_server, browser, artifacts, tmp_path
):
    from django.utils import timezone

    from congress.models import Organization
    from oversight import services
    from oversight.models import SpecialReport
    from oversight.tests.factories import PDF, decision, heard_report, meeting

    today = timezone.localdate()
    ours = heard_report(demo_accounts, title="住房保障工作情况的报告", date=today - dt.timedelta(days=20))
    services.opinions_send(
        report_id=ours.pk,
        opinions="一、加大保障性住房供给。",
        on=today - dt.timedelta(days=10),
        actor=demo_accounts["staff"],
    )
    late = heard_report(
        demo_accounts,
        title="农村居民最低生活保障工作情况的报告",
        date=today - dt.timedelta(days=120),
        organization=Organization.objects.get(name="区民政局"),
    )
    services.opinions_send(
        report_id=late.pk,
        opinions="二、规范低保审核。",
        on=today - dt.timedelta(days=110),
        actor=demo_accounts["staff"],
    )
    decision(demo_accounts, at=meeting(date=today - dt.timedelta(days=5)), title="关于批准2022年区级财政决算的决议")
    letter = tmp_path / "办理情况报告.pdf"
    letter.write_bytes(PDF)

    phone = browser.new_context(viewport={"width": 375, "height": 812})
    page = phone.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, live_server.url, "unit", "/oversight/mine/")
    assert "农村居民最低生活保障" not in page.content()  # another organization's report
    page.get_by_text("住房保障工作情况的报告").click()
    page.locator("textarea[name=text]").fill("已新开工保障性住房300套。")
    page.locator("input[name=letter]").set_input_files(str(letter))
    page.get_by_role("button", name="提交办理情况").click()
    page.wait_for_url(live_server.url + "/oversight/mine/%d/" % ours.pk)
    assert "已新开工保障性住房300套。" in page.content() and "办理情况报告.pdf" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "oversight-answered-375.png"), full_page=True)
    ours.refresh_from_db()
    assert ours.answered_in_time and ours.responded_by == demo_accounts["unit"]

    staff = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    _login(staff, live_server.url, "staff", "/oversight/manage/pending/")
    section = staff.locator('[data-testid="pending-org"]')
    assert section.count() == 1 and "区民政局" in section.inner_text()
    assert staff.locator("tr.table-danger").count() == 1
    assert staff.evaluate("document.documentElement.scrollWidth") <= 375
    staff.screenshot(path=str(artifacts / "oversight-pending-375.png"), full_page=True)

    public = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    public.goto(live_server.url + "/oversight/decisions/?year=%d" % (today - dt.timedelta(days=5)).year)
    assert "关于批准2022年区级财政决算的决议" in public.locator('[data-testid="decision"]').inner_text()
    assert public.evaluate("document.documentElement.scrollWidth") <= 375
    assert errors == [] and SpecialReport.objects.filter(responded_on__isnull=True).count() == 1
