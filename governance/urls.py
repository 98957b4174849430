from django.urls import path

from . import feeds, views

app_name = "governance"
urlpatterns = [
    path("suggest/", views.suggestion_box, name="suggest"),
    path("mine/", views.my_matters, name="my_matters"),
    path("triage/", views.triage_queue, name="triage"),
    path("matters/<int:pk>/", views.matter_detail, name="matter"),
    path("matters/<int:pk>/photo/", views.matter_photo, name="matter_photo"),
    path("matters/<int:pk>/vote/", views.vote, name="vote"),
    path("matters/<int:pk>/triage/", views.triage_matter, name="triage_matter"),
    path("matters/<int:pk>/hands/", views.record_hands, name="hands"),
    path("matters/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("matters/<int:pk>/print/", views.print_matter, name="print_matter"),
    path("sessions/<int:session_pk>/submit/", views.submit_matter, name="submit"),
    path("sessions/<int:session_pk>/end-phase/", views.end_phase, name="end_phase"),
    path("sessions/<int:session_pk>/results/", views.results, name="results"),
    path(
        "sessions/<int:session_pk>/results.csv",
        views.results_export,
        {"fmt": "csv"},
        name="results_csv",
    ),
    path(
        "sessions/<int:session_pk>/results.json",
        views.results_export,
        {"fmt": "json"},
        name="results_json",
    ),
    path("sessions/<int:session_pk>/follow-up/", views.follow_up_list, name="follow_up_list"),
    path("sessions/<int:session_pk>/print/", views.print_session, name="print_session"),
    path("feeds/matters/", feeds.NewMattersFeed(), name="feed_matters"),
    path("feeds/matters/atom/", feeds.NewMattersAtomFeed(), name="feed_matters_atom"),
    path("feeds/results/", feeds.ResultsFeed(), name="feed_results"),
    path("feeds/results/atom/", feeds.ResultsAtomFeed(), name="feed_results_atom"),
]
