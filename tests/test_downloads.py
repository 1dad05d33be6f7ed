"""Every download of a stored upload goes through congress.files.serve_file and answers alike: the file
to those who may see its record, "not found" (404) to a signed-in stranger, as if it did not exist."""

import importlib
import pathlib

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parent.parent

# route → (app whose tests/matrix.py builds the record, its key, a role that may see it, its served type)
DOWNLOADS = {
    "proposals:attachment": ("proposals", "attachment", "deputy", "application/pdf"),
    "oversight:document": ("oversight", "document", "unit", "application/pdf"),
    "projects:report_photo": ("projects", "photo_report", "unit", "image/png"),
    "reports:narrative_photo": ("reports", "hidden_photo", "leader", "image/png"),
}
STRANGERS = ("member", "deputy")  # signed in, with no claim on any of those records (but their own attachment)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def records(role_users, media):
    built = {}
    for app in {app for app, *_ in DOWNLOADS.values()}:
        built[app] = importlib.import_module("%s.tests.matrix" % app).OBJECTS(role_users)
    return built


def _url(records, name):
    app, key, *_ = DOWNLOADS[name]
    return reverse(name, args=[records[app][key].pk])


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
def test_a_download_is_not_found_for_a_stranger_and_served_checked_to_its_viewer(name, records, client_as):
    url, (_, _, viewer, mime) = _url(records, name), DOWNLOADS[name]
    for role in STRANGERS:
        if role != viewer:
            assert client_as(role).get(url).status_code == 404, (name, role)
    got = client_as(viewer).get(url)
    assert got.status_code == 200 and got["Content-Type"] == mime
    assert got["X-Content-Type-Options"] == "nosniff"
    disposition = got["Content-Disposition"]
    assert disposition == "inline" if mime.startswith("image/") else disposition.startswith("attachment;")
    b"".join(got.streaming_content)


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
def test_a_file_missing_on_disk_is_not_found_rather_than_an_error(name, records, client_as):
    app, key, viewer, _ = DOWNLOADS[name]
    record = records[app][key]
    stored = getattr(record, "photo", None) or record.file
    stored.storage.delete(stored.name)
    assert client_as(viewer).get(_url(records, name)).status_code == 404


def test_no_view_serves_a_file_but_through_the_shared_function():
    """FileResponse is built in congress/files.py only, so every download answers by one rule."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/*.py")
        if path.parts[-2] not in (".venv", "node_modules", "tests")
        and path.name != "files.py"
        and "FileResponse" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
