"""The sweeps beat runs, in order: name, Vietnamese label, function, expected interval.

Every sweep is `function(now) -> dict of counts`. Adding an office or changing a cutoff needs
no schedule change: one beat entry runs them all (settings.CELERY_BEAT_SCHEDULE).

The kernel imports no app (design.md): each app registers its sweeps from its
`AppConfig.ready()` with `register`. A function may be given by dotted path, imported at its
first run, so registering loads neither the app's sweep modules nor what they import.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Sweep:
    name: str
    label: str
    function: Callable[[dt.datetime], dict] | str  # the callable, or its dotted path
    interval: int | None = None  # seconds between runs expected by beat; None: MOCUA_SWEEP_INTERVAL
    order: int = 0  # sweeps run by ascending order, then in registration order

    @property
    def late_after(self) -> dt.timedelta:
        """The dead-man's switch: no successful run for three intervals means beat or workers are down."""
        return dt.timedelta(seconds=3 * (self.interval or settings.MOCUA_SWEEP_INTERVAL))

    def run(self, now: dt.datetime) -> dict:
        function = import_string(self.function) if isinstance(self.function, str) else self.function
        return function(now)


_registered: dict[str, Sweep] = {}


def register(sweep: Sweep) -> Sweep:
    """Add `sweep` to what beat runs; registering the same name again replaces it in place."""
    _registered[sweep.name] = sweep
    return sweep


def sweeps() -> list[Sweep]:
    """The registered sweeps by `order` (registration order among equals), interval filled in."""
    every = settings.MOCUA_SWEEP_INTERVAL
    ordered = sorted(_registered.values(), key=lambda s: s.order)
    return [s if s.interval else replace(s, interval=every) for s in ordered]


def by_name(name: str) -> Sweep:
    for sweep in sweeps():
        if sweep.name == name:
            return sweep
    raise KeyError(name)
