from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.index, name="index"),
    path("published/", views.published, name="published"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.proposal, name="proposal"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/not-register/", views.not_register, name="not_register"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/evaluate/", views.evaluate, name="evaluate"),
]
