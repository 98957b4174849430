from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from . import services


def sensitive_consent_required(purpose_key):
    """A view for ``purpose_key`` (a declared ``SensitivePurpose``) runs only for a person
    who gave that consent; anyone else is asked first, and comes back here after agreeing::

        @sensitive_consent_required("health-checkup")
        def book_checkup(request, day_id): ...
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            services.purpose(purpose_key)  # LookupError when no capability declares it
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not services.has_sensitive_consent(request.user, purpose_key):
                url = reverse("privacy:sensitive", args=[purpose_key])
                return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
