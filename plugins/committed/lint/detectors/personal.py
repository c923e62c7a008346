"""Personal data: email addresses, phone numbers, payment cards (Luhn), IBANs (mod-97) and
national id numbers, each validated, with allowlists for team mailboxes, team lines and
placeholder domains."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..document import Document
from ..findings import Match
from ..policy import Rule
from . import checksums
from .base import Context, in_scope

_EMAIL = re.compile(r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]*@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b")
# "logo@2x.png" is a file, "git@github.com:org/repo" an ssh remote: neither is an address.
_FILE_TLDS = frozenset(["png", "jpg", "jpeg", "gif", "svg", "webp", "md", "py", "js", "ts", "json", "yml", "yaml", "txt", "html", "css", "pdf", "zip", "tar", "gz"])
_PHONE = re.compile(
    r"(?<![\w+/.-])(?<!\d[ .-])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}"
    r"|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}|0\d{1,4}(?: \d{2,4}){2,4})(?![\w-]|[. ]\d)")
_CARD = re.compile(r"(?<![\w.-])\d(?:[ -]?\d){12,18}(?![\w-]|\.\d)")
# Test card numbers published by payment providers: documentation, not data.
_TEST_CARDS = frozenset({
    "4111111111111111", "4242424242424242", "4000056655665556", "4012888888881881", "5555555555554444",
    "5105105105105100", "2223003122003222", "378282246310005", "371449635398431", "6011111111111117",
    "6011000990139424", "3530111333300000", "30569309025904", "38520000023237", "4000000000000002",
})
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_EXAMPLE_IBANS = frozenset({  # the examples banks and the ISO registry print
    "GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606", "NL91ABNA0417164300",
    "GB29NWBK60161331926819", "ES9121000418450200051332", "CH9300762011623852957", "BE68539007547034",
})
_NATIONAL: dict[str, tuple[str, re.Pattern[str], Callable[[str], bool], re.Pattern[str] | None]] = {
    "US": ("US Social Security number", re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])"),
           lambda v: checksums.us_ssn_valid(v) and v not in ("123-45-6789", "078-05-1120", "219-09-9999"), None),
    "GB": ("UK National Insurance number", re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"),
           checksums.gb_nino_valid, None),
    "NL": ("Dutch citizen service number (BSN)", re.compile(r"(?<![\w.-])\d{9}(?![\w-])"), checksums.nl_bsn_valid,
           re.compile(r"(?i)\b(?:bsn|burgerservicenummer|sofi-?nummer|citizen service number)\b")),
    "ES": ("Spanish DNI/NIE", re.compile(r"\b[0-9XYZ]\d{7}[A-Z]\b"), checksums.es_dni_valid, None),
    "FR": ("French social security number (NIR)", re.compile(
        r"\b[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2A|2B) ?\d{3} ?\d{3} ?\d{2}\b"),
        checksums.fr_nir_valid, None),
}


class PersonalDataDetector:
    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        opts = rule.options
        self.kinds = set(opts["kinds"])
        self.domains = tuple(opts["allowed_domains"]) + tuple(opts["placeholder_domains"])
        self.emails = frozenset(opts["allowed_emails"])
        self.phones = tuple(p[-9:] for p in opts["allowed_phones"] if p)
        self.countries = tuple(opts["national_id_countries"])

    def _match(self, start: int, end: int, label: str, value: str) -> Match:
        detail = self.rule.message or "remove it or replace it with a team contact or a placeholder"
        return Match(start, end, f"{label} found: {detail}", self.rule.fix, key=value, sensitive=True)

    def find(self, doc: Document, ctx: Context) -> Iterator[Match]:
        text = doc.text
        found: list[Match] = []
        if "email" in self.kinds and "@" in text:
            for m in _EMAIL.finditer(text):
                domain = m.group(1).lower()
                if domain.rsplit(".", 1)[-1] in _FILE_TLDS or re.match(r":[\w~]", text[m.end():m.end() + 2]):
                    continue
                if m.group(0).lower() in self.emails or any(domain == d or domain.endswith("." + d) for d in self.domains):
                    continue
                found.append(self._match(m.start(), m.end(), "email address outside the allowed domains", m.group(0)))
        if "payment_card" in self.kinds:
            for m in _CARD.finditer(text):
                digits = re.sub(r"\D", "", m.group(0))
                if 13 <= len(digits) <= 19 and digits not in _TEST_CARDS and checksums.card_brand(digits) \
                        and checksums.luhn_valid(digits) and len(set(digits)) > 2:
                    found.append(self._match(m.start(), m.end(), f"{checksums.card_brand(digits)} card number", digits))
        if "iban" in self.kinds:
            for m in _IBAN.finditer(text):
                compact = m.group(0).replace(" ", "")
                if compact not in _EXAMPLE_IBANS and checksums.iban_valid(compact):
                    found.append(self._match(m.start(), m.end(), "IBAN", compact))
        if "national_id" in self.kinds:
            for country in self.countries:
                label, regex, valid, keyword = _NATIONAL[country]
                for m in regex.finditer(text):
                    if not valid(m.group(0)) or any(f.start < m.end() and m.start() < f.end for f in found):
                        continue
                    if keyword is not None and not keyword.search(text[max(0, m.start() - 60):m.start()]):
                        continue
                    found.append(self._match(m.start(), m.end(), label, m.group(0)))
        if "phone" in self.kinds:
            for m in _PHONE.finditer(text):
                if self._is_phone(m.group(0)) and not any(f.start < m.end() and m.start() < f.end for f in found):
                    found.append(self._match(m.start(), m.end(), "phone number", re.sub(r"\D", "", m.group(0))))
        for match in sorted(found, key=lambda f: f.start):
            if in_scope(doc, self.rule.scopes, match.start):
                yield match

    def _is_phone(self, value: str) -> bool:
        digits = re.sub(r"\D", "", value)
        if not (8 if value.startswith("+") else 9) <= len(digits) <= 15:
            return False
        if len(set(digits)) <= 2 or digits in "01234567890123456789":
            return False  # 000-000-0000, 123-456-7890: placeholders
        if len(digits) >= 10 and digits[-7:-4] == "555" and digits[-4:-2] == "01":
            return False  # 555-0100 to 555-0199: reserved for fiction
        if digits[-10:].startswith(("2079460", "7700900")):
            return False  # Ofcom's drama ranges: 020 7946 0xxx, 07700 900xxx
        if re.fullmatch(r"\d{4}[.-]\d{2}[.-]\d{2}", value):
            return False  # a date
        return not any(digits[-9:] == p for p in self.phones)
