"""Staff powers only in a session that passed a second factor (TOTP).

A staff account — community staff, population-school staff, a superuser, anyone Django
calls ``is_staff`` — signs in like everyone else, through allauth's one login flow and its
rate limits; allauth then asks for the TOTP code of an account that has a device. Every
other way to hand over a password (Wagtail's ``/admin/login/``, Wagtail's front-end
``/_util/login/``, the Django admin's ``/django-admin/login/``) only redirects to that flow
(``login_elsewhere``), so none of them checks a password on its own.

``SecondFactorMiddleware`` then looks at every signed-in request. When the user has staff
powers and this session holds no allauth ``mfa`` authentication record (a TOTP code typed at
login, at re-authentication, or when setting the device up), the user keeps a resident's
powers only, for this request:

- the staff roles are left out of the roles that rule predicates read (``_role_cache``),
  the superuser bypass is off (``User.has_perm``, ``portal.rules.is_superuser``,
  ``portal.boundary``) and the staff groups' Django permissions are left out;
- a staff-only path (the Wagtail and Django admins, the moderation queue and the prefixes
  in ``YISHI_STAFF_PATHS``) and any view that then refuses the request send the person to
  the second-factor step (``mfa_reauthenticate``), or to set a device up first.
"""

import re

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from . import roles

# The attribute on a request's user that says its staff powers are held back.
WITHHELD = "staff_powers_withheld"

_LANGUAGE_PREFIX = re.compile(r"^/[a-z]{2}(?:-[a-z]+)?(?=/)")


def staff_powers_withheld(user):
    return getattr(user, WITHHELD, False)


def acts_as_superuser(user):
    """``user.is_superuser``, unless this session has not passed the second factor."""
    return bool(getattr(user, "is_superuser", False)) and not staff_powers_withheld(user)


def has_staff_powers(user, role_names):
    return bool(user.is_superuser or user.is_staff or set(role_names) & set(roles.ADMIN_ROLES))


def passed_second_factor(request, user):
    """Whether this session holds allauth's record of a second factor passed by ``user``."""
    from allauth.account.internal.flows.login import get_authentication_records

    return any(r.get("method") == "mfa" for r in get_authentication_records(request, user))


def has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def withhold_staff_powers(user, role_names):
    """Leave ``user`` (this request's object only; nothing is saved) a resident's powers."""
    from django.contrib.auth.models import Permission

    setattr(user, WITHHELD, True)
    kept = set(role_names) - set(roles.ADMIN_ROLES)
    user._role_cache = kept
    # Django's ModelBackend reads these caches before asking the database.
    perms = Permission.objects.filter(group__user=user, group__name__in=kept) | (
        Permission.objects.filter(user=user)
    )
    names = {
        f"{app}.{code}" for app, code in perms.values_list("content_type__app_label", "codename")
    }
    user._user_perm_cache = set()
    user._group_perm_cache = names
    user._perm_cache = names


def second_factor_url(request, user):
    """Where a staff member goes to pass the second factor, then back to this page."""
    target = "mfa_reauthenticate" if has_totp(user) else "mfa_activate_totp"
    return f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"


def _is_staff_path(path):
    path = _LANGUAGE_PREFIX.sub("", path, count=1)
    return any(path.startswith(prefix) for prefix in settings.YISHI_STAFF_PATHS)


class SecondFactorMiddleware:
    """Staff powers only after a second factor in this session (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.YISHI_ADMIN_REQUIRES_MFA and SESSION_KEY in request.session:
            user = request.user
            if user.is_authenticated:
                role_names = set(user.groups.values_list("name", flat=True))
                user._role_cache = set(role_names)
                if has_staff_powers(user, role_names) and not passed_second_factor(request, user):
                    withhold_staff_powers(user, role_names)
                    if _is_staff_path(request.path_info):
                        return HttpResponseRedirect(second_factor_url(request, user))
        return self.get_response(request)

    def process_exception(self, request, exception):
        """A view refused what only staff may do: offer the second factor instead."""
        if isinstance(exception, PermissionDenied) and staff_powers_withheld(request.user):
            return HttpResponseRedirect(second_factor_url(request, request.user))
        return None


def login_elsewhere(request, *args, **kwargs):
    """Every login form but allauth's: go to allauth's login, keeping where to go next.

    Nothing posted here is read, so no password is ever checked outside allauth's flow and
    its rate limits."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    if request.path_info.startswith("/admin/") and not next_url:
        next_url = "/admin/"
    if request.user.is_authenticated:
        # Signed in, yet sent to log in: the account may not open the page it came from.
        raise PermissionDenied
    url = reverse("account_login")
    return HttpResponseRedirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


def record_enrolment(sender, request, user, authenticator, **kwargs):
    """Setting up TOTP asks for a code from the new device: that passes the second factor
    for this session, as a code at login would."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
        # allauth sends this once the transaction commits, which may be after the response
        # saved the session: save it here too.
        request.session.save()
