from django.urls import path

from oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("manage/pending/", views.pending, name="pending"),
    path("manage/reports/<int:pk>/opinions/", views.send_opinions, name="send_opinions"),
    path("manage/reports/<int:pk>/response/", views.record_response, name="record_response"),
]
for crud in views.CRUDS:
    urlpatterns += crud.urls()
