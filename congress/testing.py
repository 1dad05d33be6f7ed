"""Helpers shared by every app's tests (kept out of conftest so app test modules can import them)."""

ROLES = ["anon", "deputy", "unit", "member", "staff", "leader", "admin"]


def expect(anon=200, deputy=200, unit=200, member=200, staff=200, leader=200, admin=200):
    """Expected HTTP status per role for one URL of the permission matrix."""
    return {
        "anon": anon,
        "deputy": deputy,
        "unit": unit,
        "member": member,
        "staff": staff,
        "leader": leader,
        "admin": admin,
    }
