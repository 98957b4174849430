from django.http import HttpResponseRedirect

from . import COOKIE

ONE_YEAR = 365 * 24 * 3600


class PinyinSwitchMiddleware:
    """``?pinyin=1`` / ``?pinyin=0`` on any page: remember the choice in a cookie and show
    the same page again without the parameter. A plain link, so it works without
    JavaScript; placed before the page cache, which keeps the two variants apart by the
    cookie (``portal.reach.cache_variant``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        choice = request.GET.get(COOKIE)
        if request.method in ("GET", "HEAD") and choice in ("0", "1"):
            query = request.GET.copy()
            del query[COOKIE]
            url = request.path + (f"?{query.urlencode()}" if query else "")
            response = HttpResponseRedirect(url)
            if choice == "1":
                response.set_cookie(
                    COOKIE,
                    "1",
                    max_age=ONE_YEAR,
                    samesite="Lax",
                    secure=request.is_secure(),
                    httponly=True,
                )
            else:
                response.delete_cookie(COOKIE, samesite="Lax")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
