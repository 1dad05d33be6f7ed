from django.urls import path

from congress import views, views_calendar, views_ics, views_search

app_name = "congress"

urlpatterns = [
    path("me/", views.home, name="home"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/notifications/read/", views.notifications_read, name="notifications_read"),
    path("me/settings/", views_ics.settings_page, name="account_settings"),
    path("me/settings/calendar/renew/", views_ics.feed_regenerate, name="calendar_feed_regenerate"),
    path("audit/", views.audit_list, name="audit_list"),
    path("search/", views_search.search_page, name="search"),
    path("calendar/", views_calendar.calendar, name="calendar"),
    path("calendar/day/", views_calendar.calendar_day, name="calendar_day"),
    path("calendar/remove/", views_calendar.calendar_remove, name="calendar_remove"),
    path("calendar/import/", views_calendar.calendar_import, name="calendar_import"),
]
for crud in views.CRUDS:
    urlpatterns += crud.urls()
