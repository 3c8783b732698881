"""What schedules needs from the reform models, handed in by the catalog.

The calendar counts time and imports no reform model (design.md): models_catalog registers,
from its `AppConfig.ready()`, a provider of each office's extra working windows ("Giờ thứ 9",
16:30–17:30) and a provider of the models the duty rosters must staff (a volunteer at the
counter, a leader on duty). Each provider takes an office id; with none registered, an office
has no extra window and no model to staff.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ExtraWindow:
    """Working time added to the working days on which `applies_on(day)` holds."""

    start: dt.time
    end: dt.time
    applies_on: Callable[[dt.date], bool]


class CounterModel(Protocol):
    """What the rosters read of a reform model in force at an office."""

    name: str
    volunteer_at_counter: bool
    leader_on_duty: bool
    extra_hour: bool
    specialists_at_counter: bool

    def applies_on(self, day: dt.date) -> bool: ...


_extra_windows: list[Callable[[int], Iterable[ExtraWindow]]] = []
_counter_models: list[Callable[[int], Iterable[CounterModel]]] = []


def register_extra_windows(provider: Callable[[int], Iterable[ExtraWindow]]) -> None:
    if provider not in _extra_windows:
        _extra_windows.append(provider)


def register_counter_models(provider: Callable[[int], Iterable[CounterModel]]) -> None:
    if provider not in _counter_models:
        _counter_models.append(provider)


def extra_windows(office_id: int) -> list[ExtraWindow]:
    return [w for provider in _extra_windows for w in provider(office_id)]


def counter_models(office_id: int) -> list[CounterModel]:
    return [m for provider in _counter_models for m in provider(office_id)]
