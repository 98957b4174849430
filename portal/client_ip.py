"""Who is asking: the client's address, as the proxies we run in front of the portal saw it.

Behind nginx every request comes from nginx's own address; the client's is the last entry
nginx appended to ``X-Forwarded-For``. Entries further left were written by the client
or by proxies we don't run, so anyone could forge them: only the last
``YISHI_TRUSTED_PROXY_COUNT`` entries are believed (0, the default, believes none and uses
the socket's address). ``YISHI_TRUSTED_CLIENT_IP_HEADER`` names a header a trusted proxy
sets to the client address instead (``X-Real-IP``).

allauth's rate limits ask the same question (``AccountAdapter.get_client_ip``); its own
``ALLAUTH_TRUSTED_*`` settings are set from ours, so there is one answer everywhere.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address, as a string; the socket's address when nothing better is
    known (a request that did not pass through the proxies, or a malformed header)."""
    header = settings.YISHI_TRUSTED_CLIENT_IP_HEADER
    if header:
        address = _clean(request.headers.get(header, ""))
        if address:
            return address
    count = settings.YISHI_TRUSTED_PROXY_COUNT
    forwarded = [
        entry.strip()
        for entry in request.headers.get("X-Forwarded-For", "").split(",")
        if entry.strip()
    ]
    if count > 0 and forwarded:
        # Fewer entries than proxies: every entry there was written by one of ours.
        address = _clean(forwarded[-count] if len(forwarded) >= count else forwarded[0])
        if address:
            return address
    return _clean(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104


def _clean(value):
    """``value`` as a normalised IP address (a port, IPv6 brackets dropped), or None."""
    value = value.strip()
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # 203.0.113.5:51234
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
