import pytest


@pytest.fixture
def admin(role_users):
    return role_users["admin"]


@pytest.fixture
def only_test_members(role_users):
    """Make the demo member accounts inactive, so a test's members are exactly the ones it creates."""
    from congress.models import User

    User.objects.filter(groups__name="member").update(is_active=False)
