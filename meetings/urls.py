from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.meeting, name="meeting"),
    path("<int:pk>/open/", views.meeting_open, name="meeting_open"),
    path("<int:pk>/attendance/<int:user_id>/", views.attendance, name="attendance"),
    path("leave/<int:pk>/decide/", views.leave_decide, name="leave_decide"),
    path("items/<int:pk>/polls/new/", views.poll_new, name="poll_new"),
    path("polls/<int:pk>/", views.poll, name="poll"),
    path("polls/<int:pk>/live/", views.poll_live, name="poll_live"),
    path("polls/<int:pk>/<str:action>/", views.poll_move, name="poll_move"),
]
for crud in views.CRUDS:
    urlpatterns += crud.urls()
