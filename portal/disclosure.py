"""Small groups stay hidden: the one rule every count shown to staff or the public follows.

A count of a few people can name them to anyone who knows who was there. So:

1. **A count of 1 to 4 is shown as "fewer than 5"** (``small``, the ``|small`` template
   filter). Zero is shown as 0: it names nobody.
2. **A whole and its parts** (a course's learners and their communities; its learners and
   those who completed it) are shown with ``disclose``. When every part, and what the parts
   leave of the whole, is 0 or at least 5, everything is exact. When some part is 1 to 4,
   it is shown as "fewer than 5", and the whole and the other parts are shown as the
   bracket of five they fall in ("10–14"): the whole minus the parts then leaves a range
   wider than the hidden number, never the number itself. A whole under 5 is "fewer than
   5", and so is every part of it, zeros included.

Brackets rather than hiding a second part: hiding a second, larger part leaves the sum of
the two hidden ones exact, which can still give them away (two hidden parts summing to 2 are
both 1); rounding to the nearest 5 gives them away at the edges (a whole "about 10", that
is 8 to 12, made of two parts under 5 must be 4 and 4). ``tests/portal/test_disclosure.py``
checks, for every small table, that no hidden number can be worked out from what is shown.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

SMALLEST = 5  # groups smaller than this are never shown as they are


@dataclass(frozen=True)
class Shown:
    """A count as it may be shown: exact, rounded ("about 10") or hidden ("fewer than 5")."""

    value: int | None  # None when hidden; the bracket's lower end when not exact
    exact: bool = True

    @property
    def hidden(self):
        return self.value is None

    def __str__(self):
        if self.value is None:
            return gettext("fewer than %(n)s") % {"n": SMALLEST}
        if not self.exact:
            return pgettext("a range of counts", "%(low)s–%(high)s") % {
                "low": self.value,
                "high": self.value + SMALLEST - 1,
            }
        return str(self.value)


def small(count):
    """``count`` as it may be shown on its own: 1 to 4 become "fewer than 5"."""
    return Shown(None) if 0 < count < SMALLEST else Shown(count)


def _bracket(count):
    if count == 0:
        return Shown(0)
    if count < SMALLEST:
        return Shown(None)
    return Shown(count - count % SMALLEST, exact=False)


@dataclass(frozen=True)
class Disclosed:
    total: Shown
    parts: list  # one {key: Shown} per partition, in the order given


def disclose(total, *partitions):
    """Show ``total`` and each partition of it (a ``{key: count}``; the counts may leave part
    of the total out, which then counts as one more, unseen part) by the rule above."""
    if 0 < total < SMALLEST:
        return Disclosed(Shown(None), [dict.fromkeys(p, Shown(None)) for p in partitions])
    pieces = [count for p in partitions for count in (*p.values(), total - sum(p.values()))]
    if not any(0 < count < SMALLEST for count in pieces):
        return Disclosed(Shown(total), [{k: Shown(v) for k, v in p.items()} for p in partitions])
    return Disclosed(_bracket(total), [{k: _bracket(v) for k, v in p.items()} for p in partitions])
