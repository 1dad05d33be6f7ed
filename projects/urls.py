from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.project, name="public_project"),
    path("ideas/new/", views.idea_new, name="idea_new"),
    path("manage/slates/<int:pk>/open/", views.slate_open, name="slate_open"),
    path("manage/slates/<int:pk>/decide/", views.slate_decide, name="slate_decide"),
]
for crud in views.CRUDS:
    urlpatterns += crud.urls()
