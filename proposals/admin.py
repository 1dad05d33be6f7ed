"""Admin: the per-congress rules are edited here; workflow records are read-only, because every
change of state goes through its service (proposals.services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from proposals import models


@admin.register(models.ProposalRules)
class ProposalRulesAdmin(SimpleHistoryAdmin):
    list_display = [
        "congress",
        "reply_months",
        "max_months",
        "rehandle_months",
        "reassign_days",
        "assist_months",
        "remind_days",
        "motion_cosigners",
    ]


class ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Proposal)
class ProposalAdmin(ReadOnly):
    list_display = ["__str__", "session", "lead", "status", "key_supervision", "published"]
    list_filter = ["status", "kind", "key_supervision", "published"]
    list_select_related = ["session__term__congress", "lead"]
    search_fields = ["title", "lead__full_name"]


@admin.register(models.Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ["proposal", "unit", "role", "round", "assigned_on", "deadline", "replied_on", "withdrawn_on"]
    list_select_related = ["proposal", "unit"]
    list_filter = ["role", "round"]
    date_hierarchy = "deadline"


for model in (
    models.Reply,
    models.Evaluation,
    models.Extension,
    models.Reassignment,
    models.FollowUp,
    models.SupervisionVisit,
    models.Attachment,
    models.Cosignature,
):
    admin.site.register(model, ReadOnly)
