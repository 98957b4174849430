from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("my/", views.my_learning, name="my_learning"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("lessons/<int:lesson_id>/complete/", views.complete_lesson, name="complete_lesson"),
    path("quizzes/<int:quiz_id>/", views.quiz, name="quiz"),
    path("certificates/<str:code>/", views.certificate, name="certificate"),
    path("certificates/<str:code>/pdf/", views.certificate_download, name="certificate_pdf"),
    path("verify/", views.verify, name="verify"),
    path("classes/", views.classes, name="classes"),
    path("classes/<int:class_id>/register/", views.register, name="register"),
    path("classes/<int:class_id>/cancel/", views.cancel, name="cancel"),
    path("totals/", views.totals, name="totals"),
]
