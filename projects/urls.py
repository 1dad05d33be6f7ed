from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.project, name="public_project"),
    path("ideas/new/", views.idea_new, name="idea_new"),
    path("manage/slates/<int:pk>/open/", views.slate_open, name="slate_open"),
    path("manage/slates/<int:pk>/decide/", views.slate_decide, name="slate_decide"),
    path("manage/slates/<int:pk>/satisfaction/", views.slate_satisfaction, name="slate_satisfaction"),
    path("unit/", views.my_projects, name="my_projects"),
    path("unit/<int:pk>/", views.my_project, name="my_project"),
    path("reports/<int:pk>/photo/", views.report_photo, name="report_photo"),
    path("deputy/", views.deputy_home, name="deputy_home"),
    path("manage/list/<int:pk>/year-end/", views.project_year_end, name="project_year_end"),
    path("manage/ideas/<int:pk>/screen/", views.idea_screen, name="idea_screen"),
    path("manage/suggestions/<int:pk>/respond/", views.suggestion_respond, name="suggestion_respond"),
    path("manage/suggestions/<int:pk>/close/", views.suggestion_close, name="suggestion_close"),
]
for crud in views.CRUDS:
    urlpatterns += views.crud_urls(crud)
