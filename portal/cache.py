"""The Redis cache, and a site that keeps working while Redis is away.

``ResilientRedisCache`` is django-redis's cache with one difference: when Redis
cannot be reached (stopped, a closed port, a timeout, out of memory) every call
behaves as if the cache were empty and forgetful instead of raising. Pages are then
rendered without the page cache, sessions are read from the database
(``cached_db``), and rate-limit counters start from zero. django-redis's own
``IGNORE_EXCEPTIONS`` is not enough for that: it makes ``add`` answer ``None``, so
allauth's rate-limit lock (``cache.add`` in a loop) would wait a second and then
refuse every sign-in, and ``incr`` would answer ``None`` where callers expect a
number or ``ValueError``.

- After a failure, Redis is left alone for ``RETRY_AFTER`` seconds (default 5):
  requests don't each wait for a refused or timed-out connection.
- One warning when an outage starts, one every ``LOG_EVERY`` seconds while it lasts
  (default 300, with the number of calls served without Redis), one when it ends:
  not a line per request.
- Writes that could not reach Redis are remembered (which keys). Before Redis is
  used again, those keys are deleted there, so a value that changed during the
  outage is never read back old: a page-cache version bumped meanwhile, a session
  ended meanwhile. Past ``MAX_LOST_KEYS`` keys, the whole cache (this key prefix) is
  emptied instead.

What this cannot know: a worker process that made no request during the outage
and reads a key before the worker that lost its change has made its next request.
On one machine an outage is Redis stopping, which empties it (run Redis without
persistence for the cache: ``save ""``), so there is nothing old to read.
"""

import contextlib
import logging
import socket
import threading
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: What a call to an unreachable or failing Redis raises.
REDIS_FAILURES = (RedisError, ConnectionInterrupted, socket.timeout, OSError)

_outages = {}
_outages_lock = threading.Lock()


def now():
    """The clock outages are measured with (tests move it)."""
    return time.monotonic()


class Outage:
    """What one process knows about one Redis location being unreachable.

    Shared by the threads of a process (Django gives each thread its own cache object).
    """

    def __init__(self, location, retry_after, log_every, max_lost_keys):
        self.location = location
        self.retry_after = retry_after
        self.log_every = log_every
        self.max_lost_keys = max_lost_keys
        self.lock = threading.Lock()
        self.since = None  # when the outage started; None while Redis answers
        self.retry_at = 0.0
        self.next_log = 0.0
        self.unlogged_calls = 0
        self.lost_keys = set()
        self.lost_everything = False

    @property
    def active(self):
        return self.since is not None

    def should_skip(self):
        """True while Redis is down and not yet due for another try."""
        return self.active and now() < self.retry_at

    def failed(self, error):
        with self.lock:
            moment = now()
            self.retry_at = moment + self.retry_after
            self.unlogged_calls += 1
            if self.since is None:
                self.since = moment
                self.next_log = moment + self.log_every
                self.unlogged_calls = 0
                logger.warning(
                    "Redis cache at %s unreachable (%s): serving pages uncached and "
                    "sessions from the database until it is back.",
                    self.location,
                    error,
                )
            elif moment >= self.next_log:
                logger.warning(
                    "Redis cache at %s still unreachable after %d s (%d calls served "
                    "without it since the last warning): %s",
                    self.location,
                    moment - self.since,
                    self.unlogged_calls,
                    error,
                )
                self.next_log = moment + self.log_every
                self.unlogged_calls = 0

    def skipped(self):
        with self.lock:
            self.unlogged_calls += 1

    def lose(self, keys):
        """Remember Redis keys whose write did not reach Redis."""
        with self.lock:
            if self.lost_everything:
                return
            self.lost_keys.update(keys)
            if len(self.lost_keys) > self.max_lost_keys:
                self._lose_everything()

    def lose_everything(self):
        with self.lock:
            self._lose_everything()

    def _lose_everything(self):
        self.lost_everything = True
        self.lost_keys.clear()

    def take_lost(self):
        with self.lock:
            lost, everything = self.lost_keys, self.lost_everything
            self.lost_keys, self.lost_everything = set(), False
            return lost, everything

    def give_back(self, lost, everything):
        with self.lock:
            self.lost_keys |= lost
            self.lost_everything = self.lost_everything or everything

    def ended(self, invalidated):
        with self.lock:
            if self.since is None:
                return
            logger.warning(
                "Redis cache at %s is back after %d s; %d key(s) written meanwhile deleted.",
                self.location,
                now() - self.since,
                invalidated,
            )
            self.since = None
            self.unlogged_calls = 0


def outage_for(location, options):
    with _outages_lock:
        outage = _outages.get(location)
        if outage is None:
            outage = _outages[location] = Outage(
                location,
                retry_after=float(options.get("RETRY_AFTER", 5)),
                log_every=float(options.get("LOG_EVERY", 300)),
                max_lost_keys=int(options.get("MAX_LOST_KEYS", 10_000)),
            )
        return outage


class _Missing(Exception):
    """Raised inside ``_call`` to answer from the fallback without trying Redis."""


class ResilientRedisCache(RedisCache):
    """django-redis that degrades to an empty, forgetful cache while Redis is away."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.outage = outage_for(str(server), params.get("OPTIONS", {}))

    def _call(self, method, args, kwargs, fallback, written=()):
        """``method(*args, **kwargs)``, or ``fallback()`` when Redis fails. ``written``:
        the Redis keys the call writes, to delete once Redis is back."""
        outage = self.outage
        try:
            if outage.should_skip():
                outage.skipped()
                raise _Missing
            if outage.active:
                self._recover()
            return method(*args, **kwargs)
        except _Missing:
            pass
        except REDIS_FAILURES as error:
            outage.failed(error)
        if written is ALL_KEYS:
            outage.lose_everything()
        elif written:
            outage.lose(written)
        return fallback()

    def _write(self, method, keys, args, kwargs, version_at, fallback):
        """A write of ``keys``; ``args[version_at]`` (or ``version=``) is their version."""
        version = kwargs.get("version", args[version_at] if len(args) > version_at else None)
        written = [self.make_key(key, version=version) for key in keys]
        return self._call(method, args, kwargs, fallback, written)

    def _recover(self):
        """Delete in Redis what changed while it was away, then use it again. Raises (and
        keeps the list) while it is still away."""
        lost, everything = self.outage.take_lost()
        try:
            redis = self.client.get_client(write=True)
            keys = list(lost)
            if everything:
                keys = list(redis.scan_iter(match=f"{self.key_prefix}:*", count=1000))
            for start in range(0, len(keys), 1000):
                redis.delete(*keys[start : start + 1000])
        except BaseException:
            self.outage.give_back(lost, everything)
            raise
        self.outage.ended(len(keys))

    # Reads answer as a miss.

    def get(self, key, default=None, *args, **kwargs):
        return self._call(super().get, (key, default, *args), kwargs, lambda: default)

    def get_many(self, *args, **kwargs):
        return self._call(super().get_many, args, kwargs, dict)

    def has_key(self, *args, **kwargs):
        return self._call(super().has_key, args, kwargs, lambda: False)

    def ttl(self, *args, **kwargs):
        return self._call(super().ttl, args, kwargs, lambda: 0)

    def keys(self, *args, **kwargs):
        return self._call(super().keys, args, kwargs, list)

    # Writes are dropped, and their keys remembered.

    def set(self, key, *args, **kwargs):
        return self._write(super().set, [key], (key, *args), kwargs, 3, lambda: False)

    def add(self, key, *args, **kwargs):
        """While Redis is away this answers True, as if added and at once forgotten: a
        lock taken with ``add`` (allauth's rate limits) must not wait for ever."""
        return self._write(super().add, [key], (key, *args), kwargs, 3, lambda: True)

    def set_many(self, data, *args, **kwargs):
        keys = list(data)
        return self._write(super().set_many, keys, (data, *args), kwargs, 2, keys.copy)

    def delete(self, key, *args, **kwargs):
        return self._write(super().delete, [key], (key, *args), kwargs, 1, lambda: False)

    def delete_many(self, keys, *args, **kwargs):
        keys = list(keys)
        return self._write(super().delete_many, keys, (keys, *args), kwargs, 1, lambda: 0)

    def incr(self, key, *args, **kwargs):
        return self._write(super().incr, [key], (key, *args), kwargs, 2, _not_found(key))

    def decr(self, key, *args, **kwargs):
        return self._write(super().decr, [key], (key, *args), kwargs, 2, _not_found(key))

    def incr_version(self, key, *args, **kwargs):
        return self._write(super().incr_version, [key], (key, *args), kwargs, 2, _not_found(key))

    def touch(self, key, *args, **kwargs):
        return self._write(super().touch, [key], (key, *args), kwargs, 2, lambda: False)

    def expire(self, key, *args, **kwargs):
        return self._write(super().expire, [key], (key, *args), kwargs, 2, lambda: False)

    def persist(self, key, *args, **kwargs):
        return self._write(super().persist, [key], (key, *args), kwargs, 1, lambda: False)

    def delete_pattern(self, *args, **kwargs):
        return self._call(super().delete_pattern, args, kwargs, lambda: 0, ALL_KEYS)

    def clear(self):
        return self._call(super().clear, (), {}, lambda: None, ALL_KEYS)

    def close(self, **kwargs):
        with contextlib.suppress(*REDIS_FAILURES):
            super().close(**kwargs)


#: ``written`` for calls that change every key (``clear``).
ALL_KEYS = object()


def _not_found(key):
    """``incr`` on an empty cache: Django's ``ValueError``."""

    def fallback():
        raise ValueError(f"Key {key!r} not found.")

    return fallback
