"""One detector per rule type; ``build`` turns a policy rule into the object that checks it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..document import Document
from ..findings import Match
from ..policy import Rule
from .base import Context, Detector
from .links import LinksDetector
from .metadata import FrontMatterDetector
from .personal import PersonalDataDetector
from .phrases import BrandDetector, PhraseDetector
from .secrets import SecretsDetector

__all__ = ["Context", "Detector", "FrontMatterDetector", "build"]


class _Nothing:
    """The ``topic`` rule only names how off-topic pages are reported: the front-matter check finds them."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    def find(self, doc: Document, ctx: Context) -> Iterator[Match]:
        return iter(())


_BY_TYPE: dict[str, Callable[[Rule], Detector]] = {
    "secrets": SecretsDetector,
    "personal-data": PersonalDataDetector,
    "confidentiality": PhraseDetector,
    "claims": PhraseDetector,
    "custom": PhraseDetector,
    "brand": BrandDetector,
    "links": LinksDetector,
    "topic": _Nothing,
}


def build(rule: Rule) -> Detector:
    return _BY_TYPE[rule.type](rule)
