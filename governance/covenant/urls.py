from django.urls import path

from . import views

app_name = "covenant"
urlpatterns = [
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/adopt/", views.adopt, name="adopt"),
    path("versions/<int:pk>/print/", views.print_version, name="print"),
    path("versions/<int:pk>/comments/", views.consultation, name="consultation"),
    path("versions/<int:pk>/new-draft/", views.start_draft, name="start_draft"),
    path("compare/", views.compare_query, name="compare_query"),
    path("compare/<int:old>/<int:new>/", views.compare_versions, name="compare"),
    path("clauses/<uuid:key>/", views.clause_detail, name="clause"),
    path("clauses/<uuid:key>/amend/", views.amend, name="amend"),
]
