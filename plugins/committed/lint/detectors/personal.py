"""Personal data: email addresses, phone numbers, payment cards (Luhn), IBANs (mod-97) and
national id numbers, each validated, with allowlists for team mailboxes, team lines and
placeholder domains."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from ..document import Document
from ..findings import Match
from ..policy import Rule
from . import checksums
from .base import Context, Taken, in_scope

_EMAIL = re.compile(r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]*@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b")
# "logo@2x.png" is a file, "git@github.com:org/repo" an ssh remote: neither is an address.
_FILE_TLDS = frozenset(["png", "jpg", "jpeg", "gif", "svg", "webp", "md", "py", "js", "ts", "json", "yml", "yaml", "txt", "html", "css", "pdf", "zip", "tar", "gz"])
_PHONE = re.compile(
    r"(?<![\w+/.-])(?<!\d[ .-])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,6}"
    r"|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}|0\d{1,4}(?: \d{2,4}){2,4}|0\d{3,4} \d{6})(?![\w-]|[. ]\d)")
_NON_DIGIT = re.compile(r"\D")
_REMOTE = re.compile(r":[\w~]")  # git@github.com:org/repo
_DATE = re.compile(r"\d{4}[.-]\d{2}[.-]\d{2}")
_CARD = re.compile(r"\d(?<![\w.-]\d)(?:[ -]?\d){12,18}(?![\w-]|\.\d)")
# Test card numbers published by payment providers: documentation, not data.
_TEST_CARDS = frozenset({
    "4111111111111111", "4242424242424242", "4000056655665556", "4012888888881881", "5555555555554444",
    "5105105105105100", "2223003122003222", "378282246310005", "371449635398431", "6011111111111117",
    "6011000990139424", "3530111333300000", "30569309025904", "38520000023237", "4000000000000002",
})
_IBAN = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_EXAMPLE_IBANS = frozenset({  # the examples banks and the ISO registry print
    "GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606", "NL91ABNA0417164300",
    "GB29NWBK60161331926819", "ES9121000418450200051332", "CH9300762011623852957", "BE68539007547034",
})
_EXAMPLE_SSNS = frozenset({"123-45-6789", "078-05-1120", "219-09-9999"})  # printed on sample cards and forms
# Patterns start with what they consume, the boundary tested after it ("\d(?<![\w-]\d)" rather than
# "(?<![\w-])\d"): the regular expression engine then skips ahead to candidate characters.
# country -> (pattern, what a valid match is called (None: not valid), keyword that must come just before)
_NATIONAL: dict[str, tuple[re.Pattern[str], Callable[[str], str | None], re.Pattern[str] | None]] = {
    "US": (re.compile(r"\d(?<![\w-]\d)\d\d-\d{2}-\d{4}(?![\w-])"), lambda v: None if v in _EXAMPLE_SSNS else
           "US Social Security number" if checksums.us_ssn_valid(v) else
           "US taxpayer identification number (ITIN)" if checksums.us_itin_valid(v) else None, None),
    "GB": (re.compile(r"[A-Z](?<!\w[A-Z])[A-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"),
           lambda v: "UK National Insurance number" if checksums.gb_nino_valid(v) else None, None),
    "NL": (re.compile(r"\d(?<![\w.-]\d)\d{8}(?![\w-])"),
           lambda v: "Dutch citizen service number (BSN)" if checksums.nl_bsn_valid(v) else None,
           re.compile(r"(?i)\b(?:bsn|burgerservicenummer|sofi-?nummer|citizen service number)\b")),
    "ES": (re.compile(r"[0-9XYZ](?<!\w[0-9XYZ])\d{7}[A-Z]\b"), lambda v: "Spanish DNI/NIE" if checksums.es_dni_valid(v) else None,
           None),
    "FR": (re.compile(r"[12](?<!\w[12]) ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2A|2B) ?\d{3} ?\d{3} ?\d{2}\b"),
           lambda v: "French social security number (NIR)" if checksums.fr_nir_valid(v) else None, None),
}


def fictional(digits: str) -> bool:
    """Numbers reserved for fiction: US 555-0100 to 555-0199, Ofcom's drama ranges 020 7946 0xxx, 07700 900xxx."""
    if len(digits) >= 10 and digits[-7:-4] == "555" and digits[-4:-2] == "01":
        return True
    return digits[-10:].startswith(("2079460", "7700900"))


def _phone_form(value: str) -> tuple[bool, str]:
    """(written in international form, its digits without the international prefix)."""
    digits = _NON_DIGIT.sub("", value)
    if value.lstrip().startswith("+"):
        return True, digits
    if digits.startswith("00"):
        return True, digits[2:]
    return False, digits


def same_phone(a: str, b: str) -> bool:
    """Whether two written numbers are the same line: equal digits, or one international (+44 20 7946 1234)
    and the other its national form (020 7946 1234): the national number behind a 1-3 digit country code."""
    (a_int, a_digits), (b_int, b_digits) = _phone_form(a), _phone_form(b)
    if a_int == b_int:
        return a_digits == b_digits
    full, national = (a_digits, b_digits) if a_int else (b_digits, a_digits)
    national = national.removeprefix("0")
    return any(full[k:] == national for k in (1, 2, 3))


class PersonalDataDetector:
    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        opts = rule.options
        self.kinds = set(opts["kinds"])
        self.domains = frozenset(opts["allowed_domains"]) | frozenset(opts["placeholder_domains"])
        self.emails = frozenset(opts["allowed_emails"])
        self.phones: tuple[str, ...] = opts["allowed_phones"]
        self.fiction: bool = opts["fictional_numbers"]
        self.countries = tuple(opts["national_id_countries"])

    def _match(self, start: int, end: int, label: str, value: str, report: bool = True) -> Match:
        detail = self.rule.message or "remove it or replace it with a team contact or a placeholder"
        return Match(start, end, f"{label} found: {detail}", self.rule.fix, key=value, sensitive=True, report=report)

    def find(self, doc: Document, ctx: Context) -> Iterator[Match]:
        text = doc.text
        found: list[Match] = []
        taken = Taken()
        if "email" in self.kinds and "@" in text:
            taken.next_kind()
            for m in _EMAIL.finditer(text):
                domain = m.group(1).lower()
                if domain.rsplit(".", 1)[-1] in _FILE_TLDS or _REMOTE.match(text, m.end()):
                    continue
                labels = domain.split(".")
                if m.group(0).lower() in self.emails or any(".".join(labels[i:]) in self.domains
                                                            for i in range(len(labels))):
                    continue
                if taken.claim(m.start(), m.end()):
                    found.append(self._match(m.start(), m.end(), "email address outside the allowed domains",
                                             m.group(0).lower()))
        if "payment_card" in self.kinds:
            taken.next_kind()
            for m in _CARD.finditer(text):
                digits = _NON_DIGIT.sub("", m.group(0))
                if 13 <= len(digits) <= 19 and digits not in _TEST_CARDS and checksums.card_brand(digits) \
                        and checksums.luhn_valid(digits) and len(set(digits)) > 2 and taken.claim(m.start(), m.end()):
                    found.append(self._match(m.start(), m.end(), f"{checksums.card_brand(digits)} card number", digits))
        if "iban" in self.kinds:
            taken.next_kind()
            for m in _IBAN.finditer(text):
                compact = m.group(0).replace(" ", "")
                if compact not in _EXAMPLE_IBANS and checksums.iban_valid(compact) and taken.claim(m.start(), m.end()):
                    found.append(self._match(m.start(), m.end(), "IBAN", compact))
        if "national_id" in self.kinds:
            for country in self.countries:
                regex, classify, keyword = _NATIONAL[country]
                taken.next_kind()
                for m in regex.finditer(text):
                    label = classify(m.group(0))
                    if label is None or taken.overlaps(m.start(), m.end()):
                        continue
                    if keyword is not None and not keyword.search(text, max(0, m.start() - 60), m.start()):
                        continue
                    taken.claim(m.start(), m.end())
                    found.append(self._match(m.start(), m.end(), label, m.group(0)))
        if "phone" in self.kinds:
            taken.next_kind()
            for m in _PHONE.finditer(text):
                verdict = self._phone(m.group(0))
                if verdict is not None and taken.claim(m.start(), m.end()):
                    found.append(self._match(m.start(), m.end(), "phone number", _NON_DIGIT.sub("", m.group(0)),
                                             report=verdict))
        for match in sorted(found, key=lambda f: f.start):
            if match.report and not in_scope(doc, self.rule.scopes, match.start):
                match = replace(match, report=False)  # not a finding here, but never shown either
            yield match

    def _phone(self, value: str) -> bool | None:
        """True: a phone number to report; False: one to mask only (fiction); None: no phone number."""
        digits = _NON_DIGIT.sub("", value)
        if not (8 if value.startswith("+") else 9) <= len(digits) <= 15:
            return None
        if len(set(digits)) <= 2 or digits in "01234567890123456789":
            return None  # 000-000-0000, 123-456-7890: placeholders
        if _DATE.fullmatch(value):
            return None  # a date
        if any(same_phone(value, p) for p in self.phones):
            return None  # a published team line
        return not (self.fiction and fictional(digits))
