"""In Chromium at 375 px: the demo deputy submits a proposal from a phone, the unit contact replies."""

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


def _login(page, url, username):
    page.goto(url + "/accounts/login/?next=/proposals/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.demo_password())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(url + "/proposals/")


def test_deputy_submits_on_a_phone_and_the_unit_replies(demo_accounts, live_server, browser, artifacts, tmp_path):
    from proposals import services
    from proposals.models import Proposal
    from proposals.tests.factories import PDF, deputy_mandate

    deputy_mandate(demo_accounts)
    letter = tmp_path / "答复函.pdf"
    letter.write_bytes(PDF)
    phone = browser.new_context(viewport={"width": 375, "height": 812})
    page = phone.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, live_server.url, "deputy")
    page.get_by_role("link", name="提出建议").click()
    page.wait_for_url(live_server.url + "/proposals/new/")
    page.locator("input[name=title]").fill("关于在汉江沿岸增设健身步道的建议")
    page.locator("select[name=category]").select_option("城乡建设")
    page.locator("textarea[name=content]").fill("建议在汉江沿岸增设健身步道，方便群众锻炼。")
    page.locator("input[type=file]").set_input_files(str(letter))
    page.locator("input[type=submit]").click()
    page.get_by_role("button", name="提交", exact=True).click()
    assert "已提交" in page.locator('[data-testid="status"]').inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "proposal-submitted-375.png"), full_page=True)

    p = Proposal.objects.get(title="关于在汉江沿岸增设健身步道的建议")
    assert p.number == 1 and p.attachments.count() == 1
    services.proposal_register(proposal_id=p.pk, actor=demo_accounts["staff"])
    services.proposal_assign(proposal_id=p.pk, lead=demo_accounts["unit"].organization, actor=demo_accounts["staff"])

    unit = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    _login(unit, live_server.url, "unit")
    unit.goto(live_server.url + "/proposals/unit/")
    unit.get_by_text("关于在汉江沿岸增设健身步道的建议").click()
    unit.locator("select[name=cls]").select_option("A")
    unit.locator("textarea[name=text]").fill("已列入明年城建计划并开工建设。")
    unit.locator("input[name=letter]").set_input_files(str(letter))
    unit.get_by_role("button", name="提交答复").click()
    assert "已答复" in unit.locator('[data-testid="status"]').inner_text()
    assert unit.evaluate("document.documentElement.scrollWidth") <= 375
    unit.screenshot(path=str(artifacts / "proposal-replied-375.png"), full_page=True)
    assert errors == []
