import re

from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _

# Account forms after which a failed text means starting again (the form is shown anew).
_START_AGAIN = {"account_signup", "account_login", "account_request_login_code"}
_ACCOUNT_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?accounts/")


class SmsFailureMiddleware:
    """When a text with a code cannot be sent (the gateway is down, or a limit is reached),
    the person is told so, with a way to try again, and nothing of that request stays.

    Every POST to the account pages runs in one transaction: signing up writes the account
    before the code goes out, and a failed text rolls it back, so no half-made account is
    left to block the next try. Placed last in ``MIDDLEWARE`` so that it sees the failure
    first. allauth's own ``RateLimited`` (raised, not answered, on some of its paths) gets
    the same treatment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and _ACCOUNT_PATH.match(request.path_info):
            with transaction.atomic():
                return self.get_response(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        from allauth.account.internal.stagekit import clear_login
        from allauth.core.exceptions import RateLimited

        from .sms import SmsNotSent

        if isinstance(exception, SmsNotSent):
            message, status = str(exception), exception.status
        elif isinstance(exception, RateLimited):
            message, status = _("Please wait a few minutes before trying again."), 429
        else:
            return None
        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)
        match = request.resolver_match
        if match is not None and match.url_name in _START_AGAIN:
            clear_login(request)  # a sign-in or sign-up that was half under way
        context = {"message": message, "again": request.get_full_path()}
        return render(request, "portal/sms_not_sent.html", context, status=status)
