import re
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import services

# Where a person who has not yet agreed to the version in force may still go: the notice
# and the consent page themselves, signing out, files, and the admin's own sign-in steps.
_EXEMPT = re.compile(
    r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:privacy/|accounts/logout/|jsi18n/)"
    r"|^/(?:static|media)/"
)


class ConsentMiddleware:
    """Send a signed-in person who has not agreed to the privacy notice in force to the
    consent page (once a new version comes into force: at their next request). The version
    they agreed to is kept in their session, so this costs no query once answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not _EXEMPT.match(request.path_info)
            and not _exempt_prefix(request.path_info)
            and not services.has_agreed_to_version_in_force(user, request.session)
        ):
            target = reverse("privacy:consent")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)


def _exempt_prefix(path):
    return any(path.startswith(prefix) for prefix in (settings.STATIC_URL, settings.MEDIA_URL))
