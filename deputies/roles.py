"""The model permissions the deputies app grants each role group (AppConfig.portal["roles"], merged by
congress.roles)."""

from congress.models import Role

MODELS = [
    "deputies.%s" % m
    for m in (
        "deputy",
        "byelection",
        "deputygroup",
        "liaisonstation",
        "reception",
        "publicopinion",
        "activity",
        "commendation",
        "contribution",
    )
]
ROLE_GRANTS = {
    Role.STAFF: {"view": MODELS, "add": MODELS, "change": MODELS},
    Role.LEADER: {"view": MODELS},
}
