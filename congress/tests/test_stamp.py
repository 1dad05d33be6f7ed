"""The change stamp's code fingerprint (congress/stamp.py): what each app declares is read, tests never."""

from pathlib import Path

from congress.stamp import counted_apps, fingerprinted

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_fingerprint_reads_each_apps_declared_files_and_no_test():
    files = {p.relative_to(ROOT).as_posix() for p in fingerprinted()}
    assert {
        "proposals/figures.py",  # every app's figures and selectors (FINGERPRINT)
        "meetings/selectors.py",
        "reports/views.py",  # the report app: all of it
        "reports/templates/reports/report.html",
        "projects/templates/projects/index.html",  # the projects' cached public pages (declared)
        "congress/pdf.py",  # the core: the PDF renderer
        "templates/base.html",  # the layout every cached page extends
    } <= files
    assert "congress/views.py" not in files  # the core's other code is not cached under the stamp
    assert not [f for f in files if "/tests/" in f]
    assert counted_apps() == {
        "congress",
        "deputies",
        "proposals",
        "meetings",
        "projects",
        "appointments",
        "oversight",
        "reports",
    }
