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
