from django.urls import path

from reports import downloads, editor, public, views

app_name = "reports"

urlpatterns = [
    path("", public.home, name="home"),
    path("report/", views.report_latest, name="report_latest"),
    path("report/<int:year>/", views.report, name="report"),
    path("report/<int:year>/data.json", views.report_data, name="report_data"),
    path("report/<int:year>/figures.xlsx", views.report_xlsx, name="report_xlsx"),
    path("report/<int:year>/receptions.csv", downloads.report_csv, name="report_csv"),
    path("report/<int:year>/projects.csv", downloads.projects_csv, name="projects_csv"),
    path("report/<int:year>/proposals.csv", downloads.proposals_csv, name="proposals_csv"),
    path("report/<int:year>/decisions.csv", downloads.decisions_csv, name="decisions_csv"),
    path("report/<int:year>/report.pdf", views.report_pdf, name="report_pdf"),
    path("report/photos/<int:pk>/", editor.narrative_photo, name="narrative_photo"),
    path("report/manage/narrative/", editor.narrative_editor_latest, name="narrative_editor_latest"),
    path("report/manage/<int:year>/narrative/", editor.narrative_editor, name="narrative_editor"),
    path("report/manage/<int:year>/narrative/new/", editor.narrative_edit, name="narrative_new"),
    path("report/manage/<int:year>/narrative/<int:pk>/", editor.narrative_edit, name="narrative_edit"),
    path("report/manage/<int:year>/publish/", editor.report_publish, name="report_publish"),
    path("report/manage/<int:year>/records/<str:key>/", views.figure_records, name="figure_records"),
]
for crud in views.CRUDS:
    urlpatterns += crud.urls(prefix="report/manage/")
