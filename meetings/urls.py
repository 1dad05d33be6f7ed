from django.urls import path, re_path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.meeting, name="meeting"),
    path("<int:pk>/quorum/", views.meeting_quorum, name="meeting_quorum"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/open/", views.meeting_open, name="meeting_open"),
    path("<int:pk>/attendance/<int:user_id>/", views.attendance, name="attendance"),
    path("<int:pk>/attendees/new/", views.attendee_add, name="attendee_add"),
    path("leave/<int:pk>/decide/", views.leave_decide, name="leave_decide"),
    path("items/<int:pk>/polls/new/", views.poll_new, name="poll_new"),
    path("polls/<int:pk>/", views.poll, name="poll"),
    path("polls/<int:pk>/live/", views.poll_live, name="poll_live"),
    path("polls/<int:pk>/projector/", views.poll_projector, name="poll_projector"),
    path("polls/<int:pk>/export.csv", views.poll_export, name="poll_export"),
    path("polls/<int:pk>/paper/", views.poll_paper, name="poll_paper"),
    path("polls/<int:pk>/tie/", views.poll_tie, name="poll_tie"),
    re_path(r"^polls/(?P<pk>[0-9]+)/(?P<action>open|close|publish)/$", views.poll_move, name="poll_move"),
]
for crud in views.CRUDS:
    urlpatterns += crud.urls()
