"""How often someone may do something, counted per whoever is asking.

A *key* says who: a browser (a signed cookie of its own, ``browser_token``), a phone
number, or a client address (``portal.client_ip``; IPv6 by its /64, which a carrier gives
one phone). An address is a poor key on its own: a dormitory's Wi-Fi or a carrier's NAT
puts many people behind one, so address limits are set high and serve as a back-stop.

Counters live in the cache: a count and its window start together at the first hit
(``add`` with the window as timeout, then ``incr``). Callers count only what went through
(``Counter.count`` after the suggestion is saved), so refused or invalid attempts cost
nobody anything. While Redis is away nothing is counted (``portal.cache``): the limits open
rather than the site closing. Limits that must hold even then are kept in the database
(texts with codes: ``portal.sms``).
"""

import hashlib
import ipaddress
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    """``amount`` times per ``seconds``; written ``"5/h"``, ``"1/m"``, ``"30/10m"``."""

    amount: int
    seconds: int

    @classmethod
    def parse(cls, text):
        match = re.fullmatch(r"(\d+)/(\d*)([smhd])", text.strip())
        if not match:
            raise ValueError(f"Not a rate: {text!r} (e.g. 5/h, 1/m, 30/10m)")
        amount, count, unit = match.groups()
        return cls(int(amount), int(count or 1) * _UNITS[unit])

    @classmethod
    def parse_all(cls, text):
        return [cls.parse(part) for part in text.split(",") if part.strip()]

    def __str__(self):
        return f"{self.amount}/{self.seconds}s"


def address_key(address):
    """An address as a limit key: IPv6 by its /64."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


class Counter:
    """How many times ``key`` did ``scope`` in the current window of ``rate``."""

    def __init__(self, scope, key, rate):
        digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]
        self.cache_key = f"limits:{scope}:{rate}:{digest}"
        self.rate = rate

    def exceeded(self):
        return (cache.get(self.cache_key) or 0) >= self.rate.amount

    def count(self):
        cache.add(self.cache_key, 0, timeout=self.rate.seconds)
        try:
            cache.incr(self.cache_key)
        except ValueError:  # expired between the two, or Redis away
            cache.add(self.cache_key, 1, timeout=self.rate.seconds)


# A browser of its own ---------------------------------------------------------------

BROWSER_COOKIE = "yishi_browser"
_BROWSER_SALT = "portal.limits.browser"


def browser_token(request):
    """The token this browser was given (``remember_browser``), or None."""
    return request.get_signed_cookie(BROWSER_COOKIE, default=None, salt=_BROWSER_SALT)


def remember_browser(request, response):
    """Give the browser a token of its own (a signed random cookie), if it has none: it
    lets a limit count one person rather than everyone behind their address."""
    if browser_token(request) is None:
        response.set_signed_cookie(
            BROWSER_COOKIE,
            secrets.token_urlsafe(16),
            salt=_BROWSER_SALT,
            max_age=365 * 24 * 3600,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response
