from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class AdminMFAMiddleware:
    """Send anyone who can reach the Wagtail admin to TOTP set-up until they have it.

    Staff accounts guard residents' personal data, so a password alone is not enough.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.YISHI_ADMIN_REQUIRES_MFA
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not _has_totp(request.user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)


def _has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
