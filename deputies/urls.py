from django.urls import path

from deputies import views

app_name = "deputies"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/profile/", views.profile, name="profile"),
    path("<int:pk>/dossier/", views.dossier, name="dossier"),
    path("me/", views.my_dossier, name="my_dossier"),
    path("stations/", views.stations, name="stations"),
    path("stations/<int:pk>/", views.station, name="station"),
    path("manage/opinions/<int:pk>/move/", views.opinion_move, name="opinion_move"),
    path("manage/roster/<int:pk>/end-mandate/", views.deputy_end_mandate, name="deputy_end_mandate"),
    path("manage/import/", views.roster_import, name="import"),
    path("manage/import/<str:token>/confirm/", views.roster_import_confirm, name="import_confirm"),
    path("manage/export/roster.xlsx", views.roster_export, name="export_roster"),
    path("manage/export/<str:table>/<int:year>.xlsx", views.year_export, name="export_year"),
]
for crud in views.CRUDS:
    urlpatterns += crud.urls()
