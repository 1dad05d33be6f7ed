"""Project-wide fixtures: one user per role, built through the real services."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls around it are ordinary
# synchronous test code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLES = ["anon", "deputy", "unit", "member", "staff", "leader", "admin"]


@pytest.fixture
def role_users(db):
    """Return {role: User} for every signed-in role, with the demo accounts' shape."""
    from congress import demo

    demo.seed_core()
    return {u.username: u for u in demo.seed_accounts()}


@pytest.fixture
def client_as(client, role_users):
    """Return a function giving a test client signed in as the role's demo user (or anonymous)."""
    from django.test import Client

    def make(role):
        c = Client()
        if role != "anon":
            c.force_login(role_users[role])
        return c

    return make


# --- real services started by tests -------------------------------------------------------------


class Inbox:
    """Messages received by the loopback SMTP server."""

    def __init__(self):
        import threading

        self.messages, self._cond = [], threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        with self._cond:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            self._cond.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count, timeout=30.0):
        with self._cond:
            self._cond.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
        return list(self.messages)


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server (aiosmtpd) on loopback; yields (host, port, inbox)."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.hostname, controller.port, inbox
    controller.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    """Point Django's real SMTP backend at the loopback server; yield its inbox, emptied."""
    host, port, inbox = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = host, port
    inbox.messages.clear()
    return inbox


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, smtp_server, tmp_path_factory):
    """Start a real Celery worker process on the test database, the tests' Redis and the loopback
    SMTP server; yield once it has answered a task. Stopped at the end of the session."""
    import subprocess
    import sys

    from django.conf import settings

    from congress.celery import app
    from congress.tasks import heartbeat

    db = settings.DATABASES["default"]
    env = dict(
        os.environ,
        DATABASE_URL="postgres://%s:%s@%s:%s/%s"
        % (db["USER"], db["PASSWORD"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["NAME"]),
        EMAIL_HOST=smtp_server[0],
        EMAIL_PORT=str(smtp_server[1]),
        DJANGO_ALLOW_ASYNC_UNSAFE="",
    )
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "congress",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        app.control.purge()
        assert heartbeat.delay().get(timeout=60) == "pong", log.read_text()
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


# --- browser (Debian's Chromium driven by Playwright; never a downloaded browser) ---------------

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def artifacts():
    from pathlib import Path

    folder = Path(__file__).resolve().parent / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def isolated_cache(request, settings):
    """Give each test its own cache key prefix on the real Redis, so counters such as rate limits
    never leak from one test to the next (and a developer's cache is never flushed). Tests that
    share the cache with a worker process keep the configured prefix."""
    import uuid

    if request.node.get_closest_marker("worker"):
        return
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": "test-%s" % uuid.uuid4().hex[:12]},
    }


@pytest.fixture
def plain_static_names(settings):
    """For live-server browser tests: the test server finds static files by their source names,
    not the hashed names of the manifest (which gunicorn + WhiteNoise serve, as the benchmark does)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
