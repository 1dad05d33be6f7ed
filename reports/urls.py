from django.urls import path

from reports import downloads, views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report_latest, name="report_latest"),
    path("report/<int:year>/", views.report, name="report"),
    path("report/<int:year>/data.json", views.report_data, name="report_data"),
    path("report/<int:year>/figures.xlsx", views.report_xlsx, name="report_xlsx"),
    path("report/<int:year>/receptions.csv", downloads.report_csv, name="report_csv"),
    path("report/<int:year>/report.pdf", views.report_pdf, name="report_pdf"),
]
for crud in views.CRUDS:
    urlpatterns += crud.urls(prefix="report/manage/")
