"""The portal's WSGI application plus one path, ``/__forwarded__/``, that reports what
reached gunicorn through nginx: for tests/deploy/test_nginx.py only."""

import json

from portal.wsgi import application as portal


def _client_ip(environ):
    """The portal's own answer to "who is asking", where the portal has one."""
    try:
        from portal.client_ip import client_ip
    except ImportError:
        return None
    from django.core.handlers.wsgi import WSGIRequest

    return client_ip(WSGIRequest(environ))


def application(environ, start_response):
    if environ.get("PATH_INFO") != "/__forwarded__/":
        return portal(environ, start_response)
    report = {
        "remote_addr": environ.get("REMOTE_ADDR"),
        "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
        "forwarded_proto": environ.get("HTTP_X_FORWARDED_PROTO"),
        "client_ip": _client_ip(environ),
    }
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(report).encode()]
