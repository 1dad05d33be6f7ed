from django.urls import path

from appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.index, name="index"),
    path("manage/nominations/<int:pk>/exam/", views.exam, name="exam"),
    path("manage/nominations/<int:pk>/exempt/", views.exempt, name="exempt"),
    path("manage/nominations/<int:pk>/vote/", views.vote, name="vote"),
    path("manage/oath/", views.oath, name="oath"),
]
for crud in views.CRUDS:
    urlpatterns += crud.urls()
