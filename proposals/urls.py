from django.urls import path

from proposals import views, views_categories

app_name = "proposals"

urlpatterns = [
    path("", views.index, name="index"),
    path("published/", views.published, name="published"),
    path("new/", views.new, name="new"),
    path("similar/", views.similar, name="similar"),
    path("<int:pk>/", views.proposal, name="proposal"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/cosign/", views.cosign, name="cosign"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/not-register/", views.not_register, name="not_register"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/supervise/", views.supervise, name="supervise"),
    path("<int:pk>/visit/", views.visit, name="visit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("files/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("assignments/<int:pk>/reply/", views.reply, name="reply"),
    path("assignments/<int:pk>/opinion/", views.opinion, name="opinion"),
    path("assignments/<int:pk>/extension/", views.extension, name="extension"),
    path("assignments/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("unit/", views.unit_dashboard, name="unit"),
    path("manage/", views.manage, name="manage"),
    path("manage/bulk-assign/", views.bulk_assign, name="bulk_assign"),
    path("manage/requests/", views.requests, name="requests"),
    path("manage/extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("manage/reassignments/<int:pk>/decide/", views.reassignment_decide, name="reassignment_decide"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
]
urlpatterns += views_categories.CATEGORIES.urls(prefix="")
