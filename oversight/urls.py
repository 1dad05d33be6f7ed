from django.urls import path

from oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("decisions/", views.decisions, name="decisions"),
    path("mine/", views.my_reports, name="my_reports"),
    path("mine/<int:pk>/", views.my_report, name="my_report"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("manage/pending/", views.pending, name="pending"),
    path("manage/reports/<int:pk>/opinions/", views.send_opinions, name="send_opinions"),
    path("manage/reports/<int:pk>/response/", views.record_response, name="record_response"),
    path(
        "manage/activities/<int:pk>/documents/", views.document_add, {"kind": "activity"}, name="activity_document_add"
    ),
    path("manage/reports/<int:pk>/documents/", views.document_add, {"kind": "report"}, name="report_document_add"),
]
for crud in views.CRUDS:
    for pattern in crud.urls():
        if crud.model is views.SpecialReport and pattern.name in ("specialreport_create", "specialreport_update"):
            pattern = path(str(pattern.pattern), views.ReportFormPage.as_view(crud=crud), name=pattern.name)
        urlpatterns.append(pattern)
