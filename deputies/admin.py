from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from deputies.models import (
    Activity,
    ByElection,
    Commendation,
    Contribution,
    Deputy,
    DeputyGroup,
    LiaisonStation,
    PublicOpinion,
    Reception,
)


@admin.register(Deputy)
class DeputyAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "gender", "congress", "term", "group", "station", "status")
    list_select_related = ("congress", "term__congress", "group", "station")
    list_filter = ("status", "congress__level", "party", "gender")
    search_fields = ("full_name", "occupation", "constituency")
    raw_id_fields = ("user", "by_election")
    readonly_fields = Deputy.transition_fields  # ended through the deputy's staff page (deputy_end_mandate)


@admin.register(ByElection)
class ByElectionAdmin(SimpleHistoryAdmin):
    list_display = ("date", "term", "seats")
    list_select_related = ("term__congress",)


@admin.register(DeputyGroup)
class DeputyGroupAdmin(SimpleHistoryAdmin):
    list_display = ("name", "term", "area")
    list_select_related = ("term__congress",)
    raw_id_fields = ("leader",)


@admin.register(LiaisonStation)
class LiaisonStationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "town", "is_active")
    filter_horizontal = ("duty_deputies",)


@admin.register(Reception)
class ReceptionAdmin(SimpleHistoryAdmin):
    list_display = ("date", "station", "visitors")
    list_select_related = ("station",)
    raw_id_fields = ("deputies",)


@admin.register(PublicOpinion)
class PublicOpinionAdmin(SimpleHistoryAdmin):
    list_display = ("received_on", "__str__", "status", "forwarded_to")
    list_select_related = ("forwarded_to",)
    list_filter = ("status", "source")
    raw_id_fields = ("collected_by", "reception")
    readonly_fields = PublicOpinion.transition_fields  # moved on the opinion's staff page (opinion_move)


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("date", "title", "kind", "suggestions_count")
    list_filter = ("kind",)
    raw_id_fields = ("participants",)


@admin.register(Commendation)
class CommendationAdmin(SimpleHistoryAdmin):
    list_display = ("year", "kind", "deputy")
    list_select_related = ("deputy",)
    raw_id_fields = ("deputy",)


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ("year", "deputy", "description", "jobs", "donation_wan")
    list_select_related = ("deputy",)
    raw_id_fields = ("deputy",)
