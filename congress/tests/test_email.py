"""Email goes through a real SMTP server on loopback and is read back."""

import pytest

from congress.models import OutboundEmail
from congress.services import notify, outbound_email_send

pytestmark = pytest.mark.django_db


def test_notification_email_is_delivered_once_with_a_stable_message_id(
    smtp, role_users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        (note,) = notify(recipients=[role_users["deputy"]], template="congress/email/welcome", url="/me/")
    assert len(queued) == 1  # the email is queued only once the transaction commits
    row = OutboundEmail.objects.get(notification=note)

    assert outbound_email_send(outbox_id=row.pk) is True
    assert outbound_email_send(outbox_id=row.pk) is False  # a retry sends nothing twice

    messages = smtp.wait_for(1)
    assert len(messages) == 1
    msg = messages[0]
    assert msg["To"] == "deputy@example.localhost"
    assert msg["Message-ID"] == row.message_id
    assert msg["Subject"].strip() == "欢迎使用区人大常委会履职服务平台"
    assert "陈秀兰，您好" in msg.get_content()
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1


def test_mail_server_down_keeps_the_email_pending(settings, role_users, smtp):
    (note,) = notify(recipients=[role_users["unit"]], template="congress/email/welcome")
    row = OutboundEmail.objects.get(notification=note)
    good_port = settings.EMAIL_PORT
    from conftest import free_port

    settings.EMAIL_PORT = free_port()  # nothing listens there
    assert outbound_email_send(outbox_id=row.pk) is False
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1 and row.last_error

    settings.EMAIL_PORT = good_port
    assert outbound_email_send(outbox_id=row.pk) is True
    assert [m["Message-ID"] for m in smtp.wait_for(1)] == [row.message_id]


def test_users_without_address_get_only_the_in_app_notification(role_users):
    user = role_users["member"]
    user.email = ""
    user.save()
    notify(recipients=[user], template="congress/email/welcome")
    assert not OutboundEmail.objects.filter(to="").exists()
    assert user.notifications.count() == 1
