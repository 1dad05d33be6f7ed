from django.urls import path

from appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.index, name="index"),
    path("meetings/<int:pk>/", views.public_meeting, name="public_meeting"),
    path("member/", views.member_home, name="member_home"),
    path("unit/", views.unit_reviews, name="unit_reviews"),
    path("unit/reviews/<int:pk>/", views.unit_review, name="unit_review"),
    path("manage/", views.pipeline, name="pipeline"),
    path("manage/nominations/<int:pk>/exam/", views.exam, name="exam"),
    path("manage/nominations/<int:pk>/exempt/", views.exempt, name="exempt"),
    path("manage/nominations/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("manage/nominations/<int:pk>/letter.pdf", views.letter, name="letter"),
    path("manage/exams/<int:pk>/scores/", views.exam_scores, name="exam_scores"),
    path("manage/exams/<int:pk>/results.xlsx", views.exam_export, name="exam_export"),
    path("manage/meetings/<int:pk>/", views.meeting, name="meeting"),
    path("manage/meetings/<int:pk>/vote/", views.vote_open, name="vote_open"),
    path("manage/meetings/<int:pk>/review-vote/", views.review_vote, name="review_vote"),
    path("manage/meetings/<int:pk>/oath/", views.meeting_oath, name="meeting_oath"),
    path("manage/polls/<int:pk>/settle/", views.settle, name="settle"),
    path("manage/oath/", views.oath, name="oath"),
]
for crud in views.CRUDS:
    urlpatterns += crud.urls()
urlpatterns += views.review_urls()
