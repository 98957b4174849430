"""Dated phases, computed in one place from their start dates and recorded early endings.

An app declares its phases once, as data (``Phase(key, label, actions)``), and
asks a ``Timeline`` which phase is current; every view, template, feed and task
then agrees on what is allowed now. Tests move the clock (``now``, or by
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
        begins = []
        previous = None
        for phase in self.phases:
            start = self.starts.get(phase.key)
            if previous is not None:
                early = self.ended_early.get(previous.key)
                if early is not None and (start is None or early < start):
                    start = early
                if begins and begins[-1] is not None and start is not None:
                    start = max(start, begins[-1])
            begins.append(start)
            previous = phase
        return [
            Span(
                phase,
                begins[i],
                begins[i + 1] if i + 1 < len(begins) else None,
                phase.key in self.ended_early,
            )
            for i, phase in enumerate(self.phases)
        ]

    def current(self, now=None):
        now = now or timezone.now()
        current = self.phases[0]
        for span in self.spans():
            if span.starts is None or span.starts <= now:
                current = span.phase
        return current
