"""The model permissions the meetings app grants each role group (AppConfig.portal["roles"], merged by
congress.roles)."""

from congress.models import Role

MODELS = ["meetings.%s" % m for m in ("meeting", "agendaitem", "attendance", "leaverequest")]
ROLE_GRANTS = {
    Role.STAFF: {"view": MODELS, "add": MODELS, "change": MODELS},
    Role.LEADER: {"view": MODELS},
}
