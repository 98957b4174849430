from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import capabilities, second_factor, views, workbench
from .moves import views as move_views
from .search import views as search_views

urlpatterns = [
    # No login form but allauth's checks a password (portal/second_factor.py).
    path("django-admin/login/", second_factor.login_elsewhere),
    path("admin/login/", second_factor.login_elsewhere),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/password/new/", views.new_password, name="new_password"),
    path("accounts/move/", move_views.ask_to_move, name="move_request"),
    path("accounts/", include("portal.personal_data.urls")),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.mark_notifications_read, name="notifications_read"),
    path("comments/", include("portal.discussion.urls")),
    path("reach/", include("portal.reach.urls")),
    path("workbench/", workbench.workbench, name="workbench"),
    # Each capability's own views, as its AppConfig declares them (Wagtail pages serve the
    # rest; their slugs must not clash with these prefixes).
    *capabilities.url_patterns(),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("_util/login/", second_factor.login_elsewhere),
    # Wagtail's page serving comes last: it answers every path not matched above.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns = (
        staticfiles_urlpatterns()
        + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
        + urlpatterns
    )
