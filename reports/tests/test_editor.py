"""Staff write the year's narrative in the browser: paragraphs per part, a preview through the public
page's own partial, photos checked by content and served by a checked view, publishing; every write
audited with its actor, and bad input refused with nothing written."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from congress.models import AuditEntry
from reports import services
from reports.models import Narrative, ReportYear

pytestmark = pytest.mark.django_db


def png(name="photo.png", size=(40, 30), color=(200, 30, 30)) -> SimpleUploadedFile:
    """Return a real PNG image as an upload."""
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def staff(client_as):
    return client_as("staff")


def edit_url(year, pk=None):
    return reverse("reports:narrative_edit", args=[year, pk]) if pk else reverse("reports:narrative_new", args=[year])


def post(client, url, **data):
    return client.post(
        url, {"part": "people", "order": "", "text": "悠悠万事，民生为大。", "photo_caption": "", **data}
    )


def written():
    return Narrative.objects.count(), ReportYear.objects.count(), AuditEntry.objects.count()


def test_staff_add_paragraphs_per_part_shown_in_order_and_audited(staff, role_users, media):
    ReportYear.objects.create(year=2023, published=True)
    for part, text in [
        ("self", "打铁还需自身硬。"),
        ("political", "坚持党的领导。"),
        ("people", "第一段。"),
        ("people", "第二段。"),
    ]:
        response = post(staff, edit_url(2023), part=part, text=text, do="save")
        assert response.status_code == 302 and response["Location"].endswith("#part-%s" % part)
    people = list(Narrative.objects.filter(part="people").order_by("order"))
    assert [(p.text, p.order) for p in people] == [("第一段。", 0), ("第二段。", 1)]
    page = staff.get(reverse("reports:narrative_editor", args=[2023])).content.decode()
    assert (
        page.index("坚持党的领导。") < page.index("第一段。") < page.index("第二段。") < page.index("打铁还需自身硬。")
    )
    entry = AuditEntry.objects.filter(object_id=str(people[1].pk), content_type__model="narrative").get()
    assert entry.actor == role_users["staff"] and entry.action == "+"
    public = staff.get(reverse("reports:report", args=[2023])).content.decode()
    assert public.index("第一段。") < public.index("第二段。")


def test_editing_a_paragraph_changes_it_and_records_who(staff, role_users, media):
    p = services.narrative_save(year=2023, part="people", text="旧文字", actor=role_users["admin"])
    response = post(
        staff, edit_url(2023, p.pk), part="deputies", order="3", text="新文字", photo_caption="代表小组活动", do="save"
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.part, p.order, p.text, p.photo_caption) == ("deputies", 3, "新文字", "代表小组活动")
    entry = AuditEntry.objects.filter(object_id=str(p.pk), content_type__model="narrative").order_by("pk").last()
    assert entry.actor == role_users["staff"] and {c["field"] for c in entry.changes} >= {"text", "part"}
    # a paragraph is edited under its own year only
    assert staff.get(edit_url(2022, p.pk)).status_code == 404


def test_preview_renders_as_the_public_page_and_saves_nothing(staff, role_users, media):
    ReportYear.objects.create(year=2023, published=True)
    before = written()
    response = post(
        staff, edit_url(2023), text="预览中的段落\n第二行", photo_caption="高井中学新校区", photo=png(), do="preview"
    )
    assert response.status_code == 200 and written() == before
    page = response.content.decode()
    expected = render_to_string(
        "reports/_narrative.html", {"p": Narrative(text="预览中的段落\n第二行", photo_caption="高井中学新校区")}
    )
    assert expected.split("<img")[0].split('<p class="small')[0] in page  # the same markup for the text
    assert 'src="data:image/png;base64,' in page and "<figcaption" in page and "高井中学新校区" in page
    assert not any(media.rglob("*.png"))  # the preview kept no file


def test_preview_of_a_saved_paragraph_keeps_its_photo(staff, role_users, media):
    p = services.narrative_save(year=2019, part="self", text="机关建设", photo=png(), actor=role_users["admin"])
    response = post(staff, edit_url(2019, p.pk), part="self", text="机关建设（修改）", do="preview")
    page = response.content.decode()
    assert "机关建设（修改）" in page and reverse("reports:narrative_photo", args=[p.pk]) in page
    p.refresh_from_db()
    assert p.text == "机关建设"


def test_replacing_and_removing_a_photo(staff, role_users, media):
    p = services.narrative_save(year=2023, part="people", text="现场", photo=png(), actor=role_users["admin"])
    assert "remove_photo" not in staff.get(edit_url(2023)).content.decode()  # nothing to remove on a new one
    assert "remove_photo" in staff.get(edit_url(2023, p.pk)).content.decode()
    first = p.photo.name
    post(staff, edit_url(2023, p.pk), part="people", text="现场", photo=png("新.png"), do="save")
    p.refresh_from_db()
    assert p.photo.name != first and p.photo_type == "image/png"
    post(staff, edit_url(2023, p.pk), part="people", text="现场", remove_photo="on", do="save")
    p.refresh_from_db()
    assert not p.photo and not p.photo_type
    entry = AuditEntry.objects.filter(object_id=str(p.pk), content_type__model="narrative").order_by("pk").last()
    assert entry.actor == role_users["staff"] and "photo" in {c["field"] for c in entry.changes}


def test_photo_is_public_only_once_the_year_is_published(client, client_as, staff, role_users, media):
    post(staff, edit_url(2024), text="项目现场", photo_caption="新校区", photo=png("现场.png"), do="save")
    p = Narrative.objects.get()
    assert p.photo_type == "image/png" and p.photo.name.startswith("reports/narrative/")
    url = reverse("reports:narrative_photo", args=[p.pk])
    assert client.get(url).status_code == 404  # 2024 not published yet
    assert client_as("deputy").get(url).status_code == 404
    leader = client_as("leader").get(url)
    assert leader.status_code == 200 and leader["Content-Type"] == "image/png"
    assert leader["X-Content-Type-Options"] == "nosniff"
    assert b"".join(leader.streaming_content).startswith(b"\x89PNG")
    staff_page = staff.get(reverse("reports:report", args=[2024])).content.decode()
    assert 'src="%s"' % url in staff_page and "新校区" in staff_page

    assert staff.post(reverse("reports:report_publish", args=[2024]), {"action": "publish"}).status_code == 302
    assert client.get(url).status_code == 200
    page = client.get(reverse("reports:report", args=[2024])).content.decode()
    assert 'src="%s"' % url in page and "<figcaption" in page


def test_partials_hide_the_photo_of_an_unpublished_year_from_the_public(role_users, media):
    from django.contrib.auth.models import AnonymousUser

    p = services.narrative_save(
        year=2019, part="self", text="机关建设", photo=png(), photo_caption="机关", actor=role_users["admin"]
    )
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    for template in ("reports/_narrative.html", "reports/_narrative_pdf.html"):
        html = render_to_string(template, {"p": p}, request=request)
        assert "<img" not in html and "机关" in html  # the caption stays, the photo does not
    request.user = role_users["leader"]
    assert 'src="/report/photos/%d/"' % p.pk in render_to_string("reports/_narrative.html", {"p": p}, request=request)
    pdf_html = render_to_string("reports/_narrative_pdf.html", {"p": p}, request=request)
    assert 'src="file://%s"' % p.photo.path in pdf_html


def test_pdf_embeds_the_photo_of_a_published_year(client, role_users, media):
    ReportYear.objects.create(year=2023, published=True)
    services.narrative_save(
        year=2023,
        part="people",
        text="民生实事",
        photo=png(size=(300, 200)),
        photo_caption="新校区",
        actor=role_users["admin"],
    )
    response = client.get(reverse("reports:report_pdf", args=[2023]))
    assert response.status_code == 200
    assert b"/Subtype /Image" in response.content


def test_publish_and_withdraw_are_audited_and_asked_twice_write_once(client, staff, role_users):
    url = reverse("reports:report_publish", args=[2025])
    assert staff.post(url, {"action": "publish"}).status_code == 302
    year = ReportYear.objects.get(year=2025)
    assert year.published
    assert client.get(reverse("reports:report", args=[2025])).status_code == 200

    def entries():
        return AuditEntry.objects.filter(content_type__model="reportyear", object_id=str(year.pk))

    assert entries().count() == 2 and {e.actor for e in entries()} == {role_users["staff"]}  # created, published
    staff.post(url, {"action": "publish"})
    assert entries().count() == 2
    response = staff.post(url, {"action": "unpublish"}, follow=True)
    assert "撤回" in response.content.decode()
    assert not ReportYear.objects.get(year=2025).published and entries().count() == 3
    assert client.get(reverse("reports:report", args=[2025])).status_code == 404


def test_publish_refuses_junk_and_changes_nothing(staff, role_users):
    ReportYear.objects.create(year=2023, published=True)
    before = written()
    response = staff.post(reverse("reports:report_publish", args=[2023]), {"action": "maybe"}, follow=True)
    assert "请选择发布或撤回" in response.content.decode()
    assert written() == before and ReportYear.objects.get(year=2023).published


BAD = [
    ({"photo": SimpleUploadedFile("x.png", b"just some text, not a picture")}, "图片"),
    ({"photo": SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)}, "图片"),
    ({"photo": SimpleUploadedFile("x.pdf", b"%PDF-1.4 a document")}, "图片"),
    ({"text": ""}, "这个字段是必填项"),
    ({"text": "   "}, "这个字段是必填项"),
    ({"text": "长" * 3001}, "3000"),
    ({"part": "junk"}, "选择一个有效的选项"),
    ({"order": "-1"}, "0"),
]


@pytest.mark.parametrize("data,message", BAD)
def test_bad_input_gives_a_translated_error_and_writes_nothing(staff, role_users, media, data, message):
    p = services.narrative_save(year=2023, part="people", text="原文", actor=role_users["admin"])
    before = written()
    for url in (edit_url(2023), edit_url(2023, p.pk)):
        for do in ("save", "preview"):
            fresh = {k: (SimpleUploadedFile(v.name, v.read()) if hasattr(v, "read") else v) for k, v in data.items()}
            for v in data.values():
                if hasattr(v, "seek"):
                    v.seek(0)
            response = post(staff, url, do=do, **fresh)
            assert response.status_code == 200
            assert message in response.content.decode()
            assert written() == before
    p.refresh_from_db()
    assert p.text == "原文" and not p.photo
    assert not any(media.rglob("*.*"))


def test_a_huge_photo_is_refused(staff, role_users, media):
    huge = SimpleUploadedFile("big.png", png().read() + b"\0" * (10 * 1024 * 1024))
    before = written()
    response = post(staff, edit_url(2023), photo=huge, do="save")
    assert response.status_code == 200 and "10 MB" in response.content.decode()
    assert written() == before


def test_service_refuses_what_the_form_would(role_users, media):
    before = written()
    for kwargs in (
        {"part": "junk", "text": "x"},
        {"part": "people", "text": " "},
        {"part": "people", "text": "x", "photo": SimpleUploadedFile("a.gif", b"GIF89a broken")},
    ):
        with pytest.raises(services.ReportError):
            services.narrative_save(year=2023, actor=role_users["staff"], **kwargs)
    assert written() == before


def test_editor_page_queries_do_not_grow_with_paragraphs(staff, role_users, media, django_assert_num_queries):
    for i in range(3):
        services.narrative_save(year=2023, part="people", text="段落%d" % i, photo=png(), actor=role_users["admin"])
    staff.get(reverse("reports:narrative_editor", args=[2023]))  # warm the session and role caches
    with django_assert_num_queries(4):
        staff.get(reverse("reports:narrative_editor", args=[2023]))
    for i in range(20):
        services.narrative_save(year=2023, part="self", text="更多%d" % i, photo=png(), actor=role_users["admin"])
    with django_assert_num_queries(4):
        response = staff.get(reverse("reports:narrative_editor", args=[2023]))
    assert response.content.decode().count('data-testid="paragraph"') == 23


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("plain_static_names")
def test_staff_write_preview_save_and_publish_on_a_phone(live_server, page, browser, artifacts, media):
    from congress import demo

    demo.seed_core()
    demo.seed_accounts()
    photo = media / "现场.png"
    photo.write_bytes(png(size=(600, 400)).read())
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/accounts/login/?next=/report/manage/2023/narrative/")
    page.get_by_label("用户名").fill("staff")
    page.get_by_label("密码").fill(demo.demo_password())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/report/manage/2023/narrative/")
    page.screenshot(path=str(artifacts / "report-narrative-editor.png"), full_page=True)
    page.locator("#part-people ~ a", has_text="添加段落").first.click()
    page.wait_for_url("**/narrative/new/?part=people")
    page.get_by_label("段落文字").fill("悠悠万事，民生为大。高井中学新校区建成投用。")
    page.get_by_label("照片说明").fill("高井中学新校区")
    page.get_by_label("照片", exact=True).set_input_files(str(photo))
    page.get_by_role("button", name="预览").click()
    preview = page.locator('[data-testid="preview"]')
    assert "高井中学新校区建成投用" in preview.inner_text()
    assert preview.locator("img").evaluate("img => img.naturalWidth") == 600  # the inline photo decodes
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "report-narrative-preview.png"), full_page=True)
    assert not Narrative.objects.exists()
    page.get_by_label("照片", exact=True).set_input_files(str(photo))
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/report/manage/2023/narrative/#part-people")
    saved = Narrative.objects.get()
    assert saved.photo and saved.part == "people"
    assert page.locator('[data-testid="publication"]').inner_text() == "未发布"
    page.get_by_role("button", name="发布本年度报告").click()
    from django.utils import translation

    with translation.override("zh-hans"):
        assert page.locator('[data-testid="publication"]').inner_text() == translation.gettext("Published")

    public = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    public.goto(live_server.url + "/report/2023/")
    img = public.locator("figure.report-photo img")
    assert img.evaluate("img => img.naturalWidth") == 600
    assert public.evaluate("document.documentElement.scrollWidth") <= 375
    public.screenshot(path=str(artifacts / "report-narrative-public.png"), full_page=True)


def test_editor_opens_for_a_year_not_yet_written_and_refuses_a_silly_year(staff, role_users):
    page = staff.get(reverse("reports:narrative_editor", args=[2031]))
    assert page.status_code == 200 and page.content.decode().count("添加段落") == 4
    assert not ReportYear.objects.filter(year=2031).exists()  # looking writes nothing
    for name, args in [
        ("reports:narrative_editor", [1800]),
        ("reports:narrative_new", [3000]),
        ("reports:report_publish", [1800]),
    ]:
        assert (
            staff.post(reverse(name, args=args), {"action": "publish", "part": "people", "text": "x"}).status_code
            == 404
        )
    assert not ReportYear.objects.exists()
