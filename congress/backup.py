"""Backups: the database (pg_dump custom format) and the uploaded files, with a checksum manifest.

``backup_create`` writes ``db.dump``, ``media.tar.gz`` and ``MANIFEST.sha256`` into a new folder;
``backup_restore`` checks every checksum first and refuses a damaged backup, then restores the
database with pg_restore and unpacks the files. PostgreSQL's own client programs do the work.

A backup of the production database (marked by congress/production.py; pg_dump leaves database
settings out) also holds ``ENVIRONMENT``, and its restore marks the target database the same way:
production data restored elsewhere is still refused to a process with DEBUG on.
"""

import datetime as dt
import hashlib
import shutil
import subprocess
import tarfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

FILES = ("db.dump", "media.tar.gz")
ENVIRONMENT = "ENVIRONMENT"


class BackupError(Exception):
    pass


def database_url(db: dict | None = None) -> str:
    db = db or settings.DATABASES["default"]
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return "postgresql://%s@%s:%s/%s" % (auth, db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432, db["NAME"])


def _pg_tool(name: str) -> str:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        raise BackupError("%s not found: install the PostgreSQL client programs" % name)
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_create(*, dest_root: Path, url: str | None = None, media_root: Path | None = None) -> Path:
    """Write a new backup folder under ``dest_root`` and return it."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    dest = Path(dest_root) / dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest.mkdir(parents=True)
    result = subprocess.run(
        [
            _pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--file",
            str(dest / "db.dump"),
            "--dbname",
            url or database_url(),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError("pg_dump failed: %s" % result.stderr.strip())
    with tarfile.open(dest / "media.tar.gz", "w:gz") as tar:
        if media_root.exists():
            tar.add(media_root, arcname=".")
    files = list(FILES)
    if _environment_mark(url or database_url()) == "production":
        (dest / ENVIRONMENT).write_text("production\n")
        files.append(ENVIRONMENT)
    (dest / "MANIFEST.sha256").write_text("".join("%s  %s\n" % (_sha256(dest / f), f) for f in files))
    return dest


def _environment_mark(url: str) -> str | None:
    import psycopg2

    from congress.production import SETTING

    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("select current_setting(%s, true)", [SETTING])
        mark = cur.fetchone()[0]
    conn.close()
    return mark


def _mark_production(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    from congress.production import SETTING

    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("select current_database()")
        cur.execute(
            sql.SQL("alter database {} set {} = 'production'").format(
                sql.Identifier(cur.fetchone()[0]), sql.SQL(SETTING)
            )
        )
    conn.close()


def backup_verify(folder: Path) -> None:
    manifest = Path(folder) / "MANIFEST.sha256"
    if not manifest.exists():
        raise BackupError("%s has no MANIFEST.sha256: not a backup" % folder)
    for line in manifest.read_text().splitlines():
        digest, name = line.split("  ", 1)
        if name not in FILES + (ENVIRONMENT,) or not (Path(folder) / name).exists():
            raise BackupError("%s is missing from the backup" % name)
        if _sha256(Path(folder) / name) != digest:
            raise BackupError("%s does not match its checksum: the backup is damaged" % name)


def backup_restore(*, folder: Path, url: str, media_root: Path) -> None:
    """Restore ``folder`` into the database at ``url`` (existing objects are replaced) and ``media_root``."""
    backup_verify(folder)
    result = subprocess.run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            url,
            str(Path(folder) / "db.dump"),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError("pg_restore failed: %s" % result.stderr.strip())
    if (Path(folder) / ENVIRONMENT).exists() and (Path(folder) / ENVIRONMENT).read_text().strip() == "production":
        _mark_production(url)
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(Path(folder) / "media.tar.gz") as tar:
        tar.extractall(media_root, filter="data")
