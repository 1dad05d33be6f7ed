from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from congress.models import AuditEntry, Congress, Notification, Organization, OutboundEmail, Session, Term, User

admin.site.site_header = _("District People's Congress Portal")
admin.site.site_title = _("District People's Congress Portal")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Portal"), {"fields": ("full_name", "phone", "organization", "language")}),
    )
    list_display = ("username", "full_name", "organization", "is_active", "is_staff")
    list_select_related = ("organization",)
    search_fields = ("username", "full_name", "email")


@admin.register(Congress)
class CongressAdmin(SimpleHistoryAdmin):
    list_display = ("name", "level", "parent", "is_active")
    list_select_related = ("parent",)
    list_filter = ("level", "is_active")


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "start_date", "end_date")
    list_select_related = ("congress",)


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "start_date", "end_date", "place")
    list_select_related = ("term__congress",)


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "congress", "is_handling_unit", "is_active")
    list_select_related = ("congress",)
    list_filter = ("kind", "is_handling_unit", "is_active", "congress")
    search_fields = ("name", "short_name")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "content_type", "object_repr")
    list_select_related = ("actor", "content_type")
    list_filter = ("action", "content_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "title", "read_at")
    list_select_related = ("recipient",)
    readonly_fields = Notification.transition_fields  # only the recipient marks it read


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject", "sent_at", "attempts")
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
