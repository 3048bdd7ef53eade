"""An extension point: what the apps beside us know about one encounter, shown on its page.

surveys asks an encounter's learners for reflections and its organisations' contacts for
feedback; encounters never imports surveys, so surveys registers a provider here in its
AppConfig.ready(). The encounter page asks every provider for panels and shows them under
"Reflections and feedback"; the careers leader can use them as the evidence of the "reflection"
and "employer feedback" criteria. With no provider registered the page works the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PanelAction:
    """A button: a POST form when `post`, else a link."""

    label: str
    url: str
    post: bool = False


@dataclass(frozen=True)
class Panel:
    title: str
    lines: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()  # what people wrote, for those allowed to read it
    url: str = ""
    link_text: str = ""
    actions: tuple[PanelAction, ...] = field(default_factory=tuple)


Provider = Callable[..., Iterable[Panel]]  # provider(encounter=, role=) -> panels

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (once, however often an app's ready() runs)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def panels_for(*, encounter, role: str) -> list[Panel]:
    """Every provider's panels for the encounter page, in the providers' order."""
    return [panel for provider in _providers for panel in provider(encounter=encounter, role=role)]


# The learner's careers record (leader only) shows what the apps beside us hold about one learner
# the same way: learner_provider(learner=, role=) -> panels (surveys: career readiness over time).
LearnerProvider = Callable[..., Iterable[Panel]]

_learner_providers: list[LearnerProvider] = []


def register_learner(provider: LearnerProvider) -> LearnerProvider:
    """Add a provider of panels for a learner's careers record (once)."""
    if provider not in _learner_providers:
        _learner_providers.append(provider)
    return provider


def unregister_learner(provider: LearnerProvider) -> None:
    if provider in _learner_providers:
        _learner_providers.remove(provider)


def learner_panels_for(*, learner, role: str) -> list[Panel]:
    """Every learner provider's panels for the careers record, in the providers' order."""
    return [p for provider in _learner_providers for p in provider(learner=learner, role=role)]
