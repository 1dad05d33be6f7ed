"""Admin for meeting records. Polls and ballots are not here: they change only through the services
(a poll's transitions, one ballot per voter), never by editing rows."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import AgendaItem, Attendance, LeaveRequest, Meeting


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("date", "title", "type", "place")
    list_filter = ("type",)
    search_fields = ("title", "place")
    date_hierarchy = "date"
    raw_id_fields = ("session",)


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ("meeting", "order", "kind", "title")
    list_select_related = ("meeting",)
    list_filter = ("kind",)
    search_fields = ("title",)
    raw_id_fields = ("meeting", "organization")
    exclude = ("content_type", "object_id")


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ("meeting", "user", "name", "presence", "non_voting")
    list_select_related = ("meeting", "user")
    list_filter = ("presence", "non_voting")
    raw_id_fields = ("meeting", "user")


@admin.register(LeaveRequest)
class LeaveRequestAdmin(SimpleHistoryAdmin):
    list_display = ("meeting", "user", "status")
    list_select_related = ("meeting", "user")
    list_filter = ("status",)
    raw_id_fields = ("meeting", "user", "decided_by")
    readonly_fields = ("status", "decided_by")
