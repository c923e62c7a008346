"""Words and phrases: confidentiality markers, forbidden claims, custom rules, brand spellings.

Each rule sees only the Markdown scopes it names (by default prose, headings and link text, so
code is never "corrected")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..findings import Match
from ..policy import Phrase, Rule
from .base import Context, sees_everything

_DEFAULT_MESSAGES = {
    "confidentiality": "confidentiality marker: this knowledge base is readable by the whole company; "
                       "move restricted content to a restricted space",
    "claims": "avoid this claim: say what we actually commit to, and link to the source",
    "custom": "this phrase is not allowed here",
}


def _any(regexes: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One alternation of a rule's expressions: a page without a hit is skipped after one scan."""
    flags = regexes[0].flags & re.IGNORECASE if all(r.flags & re.IGNORECASE for r in regexes) else 0
    sources = [r.pattern if (r.flags & re.IGNORECASE) == flags else f"(?{'i' if r.flags & re.IGNORECASE else '-i'}:{r.pattern})"
               for r in regexes]
    return re.compile("|".join(f"(?:{s})" for s in sources), flags)


def _matches(doc: Document, rule: Rule, regex: re.Pattern[str]) -> Iterator[re.Match[str]]:
    if sees_everything(rule.scopes):
        yield from regex.finditer(doc.text)
        return
    for seg in doc.segments_in(rule.scopes):
        yield from regex.finditer(doc.text, seg.start, seg.end)


class PhraseDetector:
    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.any = _any([p.regex for p in rule.phrases])

    def find(self, doc: Document, ctx: Context) -> Iterator[Match]:
        if self.any.search(doc.text) is None:  # most pages have no hit: one C-speed scan decides
            return
        for phrase in self.rule.phrases:
            for m in _matches(doc, self.rule, phrase.regex):
                if m.end() > m.start():
                    yield self._match(phrase, m)

    def _match(self, phrase: Phrase, m: re.Match[str]) -> Match:
        detail = phrase.message or self.rule.message or _DEFAULT_MESSAGES[self.rule.type]
        return Match(m.start(), m.end(), f'"{m.group(0)}": {detail}', phrase.fix or self.rule.fix, key=m.group(0).lower())


class BrandDetector:
    """Correct spelling and capitalisation of names: "GitHub", never "Github" or "Git Hub"."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.terms = []
        for term in rule.terms:
            forms = sorted({*term.wrong, *((term.term,) if term.case_variants else ())}, key=len, reverse=True)
            body = "|".join(r"\s+".join(re.escape(w) for w in form.split()) for form in forms)
            # Not part of a domain, path, handle or identifier: "github.com", "/github/", "@github".
            regex = re.compile(rf"(?<![\w./@#-])(?:{body})(?![\w/@-]|\.\w)", 0 if not term.case_variants else re.I)
            wrong = re.compile("|".join(re.escape(w) for w in term.wrong), re.I) if term.wrong else None
            self.terms.append((term.term, regex, wrong, term.case_variants))
        self.any = _any([t[1] for t in self.terms])

    def find(self, doc: Document, ctx: Context) -> Iterator[Match]:
        if self.any.search(doc.text) is None:
            return
        for correct, regex, wrong, case_variants in self.terms:
            for m in _matches(doc, self.rule, regex):
                found = m.group(0)
                if found == correct:
                    continue
                if not case_variants and (wrong is None or not wrong.fullmatch(found)):
                    continue
                detail = self.rule.message or "use the correct spelling and capitalisation"
                yield Match(m.start(), m.end(), f'write "{correct}", not "{found}": {detail}',
                            self.rule.fix or f'replace with "{correct}"', key=found)
