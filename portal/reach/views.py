from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext as _

from . import audio


def read_aloud(request, key):
    """The server's audio of a text, by its hash. Never changes once made, so kept a year
    by the browser; while it is still being made, says so and asks to come back."""
    if not audio.DIGEST.match(key):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    path = audio.audio_path(key)
    if not path.exists():
        if not audio.text_path(key).exists():
            raise Http404
        response = HttpResponse(
            _("The recording is being made. Please try again in a minute."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    if request.headers.get("If-None-Match") == f'"{key}"':
        response = HttpResponse(status=304)
    else:
        response = FileResponse(path.open("rb"), content_type=audio.CONTENT_TYPE)
    response["ETag"] = f'"{key}"'
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response
