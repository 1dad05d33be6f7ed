from django.urls import path

from congress import views

app_name = "congress"

urlpatterns = [
    path("me/", views.home, name="home"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/notifications/read/", views.notifications_read, name="notifications_read"),
    path("audit/", views.audit_list, name="audit_list"),
]
for crud in views.CRUDS:
    urlpatterns += crud.urls()
