"""Extension points of the office report, filled from AppConfig.ready() (issue 17).

- FIGURES: `provider(office, period) -> dict` adds one key to an office report's data
  (`register_figures("late_letters", fn)`); the narrative and the PDF read it from there.
  **Feedback (phản ánh, kiến nghị)** counts join here after that work is merged:
  `register_figures("feedback", feedback_figures)` with e.g. {"received", "answered", "on_time", "topics"}.
- SENTENCES: `provider(data, previous) -> {section: [sentence, …]}` adds pre-filled sentences to the
  narrative's sections ("highlights", "limitations", "causes", "proposals"); `previous` is the
  previous period's data or None. Feedback sentences join here: `register_sentences(feedback_sentences)`.

Providers must be pure reads; an archived report keeps what they returned when it was archived.
"""

from collections.abc import Callable

FigureProvider = Callable[..., dict]
SentenceProvider = Callable[[dict, dict | None], dict[str, list[str]]]

FIGURES: dict[str, FigureProvider] = {}
SENTENCES: list[SentenceProvider] = []


def register_figures(key: str, provider: FigureProvider) -> None:
    FIGURES[key] = provider


def register_sentences(provider: SentenceProvider) -> None:
    if provider not in SENTENCES:
        SENTENCES.append(provider)


def extra_figures(office, period) -> dict:
    """Every registered provider's figures for an office report."""
    return {key: provider(office, period) for key, provider in FIGURES.items()}
