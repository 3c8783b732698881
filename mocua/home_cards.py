"""The home page's "at a glance" cards: the kernel shows them, the apps provide them.

The kernel imports no app (design.md): an app registers a provider from its `AppConfig.ready()`,
`provider(user, staff) -> list of cards`, each card with `label`, `count`, `url` and `urgent`
(templates/mocua/home.html). Cards are shown in registration order.
"""

from collections.abc import Callable

GlanceProvider = Callable[..., list]

_providers: list[GlanceProvider] = []


def register(provider: GlanceProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def cards(user, staff) -> list:
    """Every registered provider's cards for `staff` (nothing for a supervisor's office)."""
    if staff is None or staff.office.is_supervisor:
        return []
    return [card for provider in _providers for card in provider(user, staff)]
