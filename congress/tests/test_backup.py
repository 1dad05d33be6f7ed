"""make backup / make restore: a backup restored into a fresh database holds every record and file."""

import hashlib
import uuid

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from congress.backup import backup_create, database_url
from deputies.tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = ["congress_user", "congress_organization", "congress_auditentry", "deputies_deputy"]


def counts(url):
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        result = {}
        for table in TABLES:
            cur.execute("select count(*) from %s" % table)
            result[table] = cur.fetchone()[0]
        cur.execute("select full_name, phone from deputies_deputy order by id")
        result["deputies"] = cur.fetchall()
    return result


@pytest.fixture
def fresh_database(settings):
    db = dict(settings.DATABASES["default"])
    db["NAME"] = "restore_%s" % uuid.uuid4().hex[:10]
    with connection.cursor() as cur:
        cur.execute('create database "%s"' % db["NAME"])
    yield database_url(db)
    connection.close()
    admin = psycopg2.connect(database_url({**db, "NAME": "postgres"}))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute('drop database if exists "%s" with (force)' % db["NAME"])
    admin.close()


def test_backup_restores_into_a_fresh_database_intact(role_users, settings, tmp_path, fresh_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "proposals").mkdir(parents=True)
    payload = "代表建议附件".encode() * 1000
    (settings.MEDIA_ROOT / "proposals" / "附件.pdf").write_bytes(payload)
    DeputyFactory.create_batch(5, phone="13900000000")

    call_command("backup", dest=str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    assert {p.name for p in folder.iterdir()} == {"db.dump", "media.tar.gz", "MANIFEST.sha256"}

    restored_media = tmp_path / "restored"
    call_command("restore", str(folder), target_url=fresh_database, media_root=str(restored_media), yes=True)
    assert counts(fresh_database) == counts(database_url())
    restored = (restored_media / "proposals" / "附件.pdf").read_bytes()
    assert hashlib.sha256(restored).digest() == hashlib.sha256(payload).digest()


def test_a_damaged_backup_is_refused_before_anything_is_touched(role_users, settings, tmp_path, fresh_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", dest=str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    with open(folder / "db.dump", "r+b") as f:
        f.seek(100)
        f.write(b"XXXX")
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(folder), target_url=fresh_database, media_root=str(tmp_path / "r"), yes=True)
    with psycopg2.connect(fresh_database) as conn, conn.cursor() as cur:
        cur.execute("select count(*) from pg_tables where schemaname = 'public'")
        assert cur.fetchone()[0] == 0


def test_a_production_backup_restored_elsewhere_is_still_the_production_database(settings, tmp_path, fresh_database):
    """pg_dump leaves database settings out; the backup carries the production mark itself, so a
    process with DEBUG on refuses the restored copy too (congress/production.py)."""
    db = dict(settings.DATABASES["default"], NAME="source_%s" % uuid.uuid4().hex[:10])
    admin = psycopg2.connect(database_url({**db, "NAME": "postgres"}))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute('create database "%s"' % db["NAME"])
        cur.execute("""alter database "%s" set portal.environment = 'production'""" % db["NAME"])
    try:
        settings.MEDIA_ROOT = tmp_path / "media"
        call_command("backup", dest=str(tmp_path / "plain"))  # the test database is not production
        assert not (next((tmp_path / "plain").iterdir()) / "ENVIRONMENT").exists()
        folder = backup_create(dest_root=tmp_path / "backups", url=database_url(db), media_root=tmp_path / "media")
        assert (folder / "ENVIRONMENT").read_text() == "production\n"
        assert "ENVIRONMENT" in (folder / "MANIFEST.sha256").read_text()  # checksummed like the rest
        call_command("restore", str(folder), target_url=fresh_database, media_root=str(tmp_path / "r"), yes=True)
        with psycopg2.connect(fresh_database) as conn, conn.cursor() as cur:
            cur.execute("select current_setting('portal.environment', true)")
            assert cur.fetchone()[0] == "production"
        conn.close()
    finally:
        with admin.cursor() as cur:
            cur.execute('drop database if exists "%s" with (force)' % db["NAME"])
        admin.close()
