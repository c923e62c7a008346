"""One detector per rule type; ``build`` turns a policy rule into the object that checks it."""

from __future__ import annotations

from collections.abc import Callable

from ..policy import Rule
from .base import Context, Detector
from .links import LinksDetector
from .metadata import FrontMatterDetector
from .personal import PersonalDataDetector
from .phrases import BrandDetector, PhraseDetector
from .secrets import SecretsDetector

__all__ = ["Context", "Detector", "FrontMatterDetector", "build"]

_BY_TYPE: dict[str, Callable[[Rule], Detector]] = {
    "secrets": SecretsDetector,
    "personal-data": PersonalDataDetector,
    "confidentiality": PhraseDetector,
    "claims": PhraseDetector,
    "custom": PhraseDetector,
    "brand": BrandDetector,
    "links": LinksDetector,
}


def build(rule: Rule) -> Detector:
    return _BY_TYPE[rule.type](rule)
