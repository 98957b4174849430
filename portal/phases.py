"""Dated phases, computed in one place from their start dates and recorded early endings.

An app declares its phases once, as data (``Phase(key, label, actions)``), and
asks a ``Timeline`` which phase is current (each in the app's ``phases.py``); every view,
template, feed and task then agrees on what is allowed now. Tests move the clock (``now``, or by
patching ``django.utils.timezone.now``) instead of editing data.
"""

from dataclasses import dataclass, field

from django.utils import timezone


@dataclass(frozen=True)
class Phase:
    key: str
    label: str
    actions: frozenset = field(default_factory=frozenset)

    def allows(self, action):
        return action in self.actions

    def __str__(self):
        return str(self.label)


@dataclass(frozen=True)
class Span:
    phase: Phase
    starts: object  # datetime, or None for the phase before everything begins
    ends: object  # datetime, or None for the last phase
    ended_early: bool = False


class Timeline:
    """Ordered phases; each starts at its date or when the one before was ended early."""

    def __init__(self, phases, starts, ended_early=None):
        self.phases = list(phases)
        self.starts = starts  # {phase key: datetime or None}
        self.ended_early = ended_early or {}  # {phase key: datetime}

    def spans(self):
        """The phases that take place, in order, each with when it starts and ends.

        A phase other than the first without a start date does not take place (a covenant
        draft published without consultation skips it). A phase starts at its date, or
        earlier when the phase before it was ended early, never before the phase before it.
        """
        phases = [
            phase
            for i, phase in enumerate(self.phases)
            if i == 0 or self.starts.get(phase.key) is not None
        ]
        begins = []
        for i, phase in enumerate(phases):
            start = self.starts.get(phase.key)
            if i > 0:
                early = self.ended_early.get(phases[i - 1].key)
                if early is not None and early < start:
                    start = early
                if begins[-1] is not None:
                    start = max(start, begins[-1])
            begins.append(start)
        return [
            Span(
                phase,
                begins[i],
                begins[i + 1] if i + 1 < len(begins) else None,
                phase.key in self.ended_early,
            )
            for i, phase in enumerate(phases)
        ]

    def current(self, now=None):
        now = now or timezone.now()
        current = self.phases[0]
        for span in self.spans():
            if span.starts is None or span.starts <= now:
                current = span.phase
        return current

    def allows(self, action, now=None):
        return self.current(now).allows(action)
