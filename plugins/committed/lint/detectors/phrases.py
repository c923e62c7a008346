"""Words and phrases: confidentiality markers, forbidden claims, custom rules, brand spellings.

Each rule sees only the Markdown scopes it names (by default prose, headings and link text, so
code is never "corrected")."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from ..document import Document
from ..findings import Match
from ..policy import Phrase, Rule, phrase_source
from .base import Context, in_scope, sees_everything

_DEFAULT_MESSAGES = {
    "confidentiality": "confidentiality marker: this knowledge base is readable by the whole company; "
                       "move restricted content to a restricted space",
    "claims": "avoid this claim: say what we actually commit to, and link to the source",
    "custom": "this phrase is not allowed here",
}


def _any(regexes: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One alternation of a rule's expressions, scanned once per page instead of once per expression.

    An expression with a back-reference cannot be part of one (its group numbers would shift): then
    the alternation only tells whether a page has a hit, and ``_hits`` scans each expression."""
    flags = regexes[0].flags & re.IGNORECASE if all(r.flags & re.IGNORECASE for r in regexes) else 0
    sources = [r.pattern if (r.flags & re.IGNORECASE) == flags else f"(?{'i' if r.flags & re.IGNORECASE else '-i'}:{r.pattern})"
               for r in regexes]
    return re.compile("|".join(f"(?:{s})" for s in sources), flags | (regexes[0].flags & re.MULTILINE))


def _separable(regexes: list[re.Pattern[str]]) -> bool:
    return not any(re.search(r"\\[1-9]|\(\?P=", r.pattern) for r in regexes)


def _matches(doc: Document, rule: Rule, regex: re.Pattern[str]) -> Iterator[re.Match[str]]:
    if sees_everything(rule.scopes):
        yield from regex.finditer(doc.text)
        return
    for seg in doc.segments_in(rule.scopes):
        yield from regex.finditer(doc.text, seg.start, seg.end)


def _hits(doc: Document, rule: Rule, regexes: list[re.Pattern[str]], any_: re.Pattern[str] | None
          ) -> Iterator[tuple[int, re.Match[str]]]:
    """(index of the expression, its match) for every non-empty hit in the rule's scopes, in one scan
    of ``any_`` (the alternation of ``regexes``) when there is one."""
    if any_ is None:
        for i, regex in enumerate(regexes):
            yield from ((i, m) for m in _matches(doc, rule, regex) if m.end() > m.start())
        return
    text = doc.text
    for m in _matches(doc, rule, any_):
        if m.end() > m.start():
            # The alternation matched its first expression that matches here.
            i = next((i for i, r in enumerate(regexes) if r.match(text, m.start())), 0)
            yield i, m


class _Exceptions:
    """Where a rule's ``exceptions`` match on a page: a hit inside one of them is no finding."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.reach: list[int] = []  # the furthest end of the spans up to each index
        for _, e in spans:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def cover(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.reach[i] >= end


def _marker_forms(markers: tuple[str, ...], flags: int) -> re.Pattern[str]:
    """Where a confidentiality marker is a marker, not a word of a sentence: at the start of a line (a
    banner, a heading, ``Classification: ...``) or at its end after a separator, in brackets, or as the
    type or title of an admonition. The marker is the one group that matched."""
    m = "|".join(f"(?:{s})" for s in markers)
    emph = r"[*_~]{0,3}"
    forms = (
        rf"^[ \t]*(?:>[ \t]*)*(?:#{{1,6}}[ \t]+)?{emph}(?:(?:classification|sensitivity|confidentiality)"
        rf"{emph}[ \t]*[:=][ \t]*)?{emph}(?P<g0>{m}){emph}[ \t]*(?:$|[.:!|\u2013\u2014-](?=\s|$))",
        rf"[ \t](?:[|:\u2013\u2014]|--?)[ \t]*{emph}(?P<g1>{m}){emph}[ \t]*[.!]?[ \t]*$",
        rf"[\[({{][ \t]*{emph}(?P<g2>{m}){emph}[ \t]*[\])}}]",
        rf"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+(?:(?P<g3>{m})\b|[\w-]+[ \t]+\"[^\"\n]*?\b(?P<g4>{m})\b[^\"\n]*\")",
    )
    return re.compile("|".join(f"(?:{f})" for f in forms), flags | re.MULTILINE)


class PhraseDetector:
    """Phrases and patterns wherever the rule looks; for confidentiality, ``markers`` by their form."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        opts = rule.options
        flags = re.IGNORECASE if opts.get("ignore_case", True) else 0
        markers = tuple(phrase_source(m) for m in opts.get("markers", ()))
        self.forms = _marker_forms(markers, flags) if markers else None
        self.fields: tuple[str, ...] = opts.get("marker_fields", ())
        self.marker = re.compile("|".join(f"(?:{s})" for s in markers), flags) if markers else None
        self.exceptions: tuple[re.Pattern[str], ...] = opts.get("exceptions", ())
        self.unless = _any(list(self.exceptions)) if self.exceptions and _separable(list(self.exceptions)) else None
        self.sensitive: bool = opts.get("sensitive", False)
        self.regexes = [p.regex for p in rule.phrases]
        self.phrases = _any(self.regexes) if self.regexes else None
        self.separable = _separable(self.regexes)
        self.any = _any(self.regexes + ([self.marker] if self.marker else []))

    def find(self, doc: Document, ctx: Context) -> Iterator[Match]:
        if self.any.search(doc.text) is None:  # most pages have no hit: one C-speed scan decides
            return
        hits: list[tuple[int, int, Phrase | None]] = []
        if self.phrases is not None:
            hits.extend((m.start(), m.end(), self.rule.phrases[i])
                        for i, m in _hits(doc, self.rule, self.regexes, self.phrases if self.separable else None))
        if self.marker is not None:
            hits.extend(self._markers(doc))
        excepted = None
        if self.exceptions and hits:
            excepted = _Exceptions([m.span() for _, m in _hits(doc, self.rule, list(self.exceptions), self.unless)])
        for start, end, phrase in hits:
            if excepted is None or not excepted.cover(start, end):
                yield self._match(phrase, start, end, doc.text[start:end])

    def _markers(self, doc: Document) -> Iterator[tuple[int, int, Phrase | None]]:
        assert self.forms is not None and self.marker is not None
        for m in self.forms.finditer(doc.text):
            start, end = m.span(m.lastgroup or 0)
            if in_scope(doc, self.rule.scopes, start):
                yield start, end, None
        for name in self.fields:  # `classification: confidential`
            for seg in doc.field_segments(name):
                for m in self.marker.finditer(doc.text, seg.start, seg.end):
                    yield m.start(), m.end(), None

    def _match(self, phrase: Phrase | None, start: int, end: int, found: str) -> Match:
        detail = (phrase.message if phrase else None) or self.rule.message or _DEFAULT_MESSAGES[self.rule.type]
        fix = (phrase.fix if phrase else None) or self.rule.fix
        if self.sensitive:  # the match itself must not be repeated: the message names the rule only
            return Match(start, end, detail, fix, key=found.lower(), sensitive=True)
        return Match(start, end, f'"{found}": {detail}', fix, key=found.lower())


# Not part of a domain, path, handle or identifier: "github.com", "/github/", "@github".
_BEFORE, _AFTER = r"(?<![\w./@#-])", r"(?![\w/@-]|\.\w)"


class BrandDetector:
    """Correct spelling and capitalisation of names: "GitHub", never "Github" or "Git Hub"."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.terms = []
        bodies = []
        for term in rule.terms:
            forms = sorted({*term.wrong, *((term.term,) if term.case_variants else ())}, key=len, reverse=True)
            body = "|".join(r"\s+".join(re.escape(w) for w in form.split()) for form in forms)
            regex = re.compile(_BEFORE + f"(?:{body})" + _AFTER, re.IGNORECASE if term.case_variants else 0)
            wrong = re.compile("|".join(re.escape(w) for w in term.wrong), re.IGNORECASE) if term.wrong else None
            self.terms.append((term.term, regex, wrong, term.case_variants))
            bodies.append(f"(?{'i' if term.case_variants else '-i'}:{body})")
        # One scan for every term, the boundaries tested once per position rather than once per term.
        self.any = re.compile(_BEFORE + f"(?:{'|'.join(bodies)})" + _AFTER)

    def find(self, doc: Document, ctx: Context) -> Iterator[Match]:
        if self.any.search(doc.text) is None:
            return
        detail = self.rule.message or "use the correct spelling and capitalisation"
        for i, m in _hits(doc, self.rule, [t[1] for t in self.terms], self.any):
            correct, _regex, wrong, case_variants = self.terms[i]
            found = m.group(0)
            if found == correct:
                continue
            if not case_variants and (wrong is None or not wrong.fullmatch(found)):
                continue
            yield Match(m.start(), m.end(), f'write "{correct}", not "{found}": {detail}',
                        self.rule.fix or f'replace with "{correct}"', key=found)
