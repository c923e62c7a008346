"""Check digits that tell a real identifier from a number that only looks like one.

Written here (a few lines each) rather than pulling in python-stdnum: we need Luhn, IBAN mod-97
and national ids, and each is small enough to read and test directly.
"""

from __future__ import annotations

import re

# Lengths of IBANs by country (ISO 13616 registry), for the countries most likely to appear.
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24,
    "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21,
    "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24,
    "SI": 19, "SK": 24, "SM": 27, "TR": 26, "AE": 23, "SA": 24, "IL": 23, "BR": 29, "UA": 29,
}


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_brand(digits: str) -> str | None:
    """The network of a payment card number whose prefix and length fit one, else ``None``."""
    n = len(digits)
    if digits[0] == "4" and n in (13, 16, 19):
        return "Visa"
    if n == 16 and (51 <= int(digits[:2]) <= 55 or 2221 <= int(digits[:4]) <= 2720):
        return "Mastercard"
    if n == 15 and digits[:2] in ("34", "37"):
        return "American Express"
    if n in (16, 19) and (digits.startswith("6011") or digits.startswith("65") or 644 <= int(digits[:3]) <= 649):
        return "Discover"
    if n in (16, 19) and 3528 <= int(digits[:4]) <= 3589:
        return "JCB"
    if n == 14 and (digits[:2] in ("36", "38") or 300 <= int(digits[:3]) <= 305):
        return "Diners Club"
    return None


def iban_valid(iban: str) -> bool:
    iban = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def us_ssn_valid(ssn: str) -> bool:
    area, group, serial = ssn.split("-")
    return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"


def us_itin_valid(itin: str) -> bool:
    """An IRS individual taxpayer number: the SSN's shape, area 9xx, group 50-65, 70-88, 90-92 or 94-99."""
    area, group, _serial = itin.split("-")
    g = int(group)
    return area.startswith("9") and (50 <= g <= 65 or 70 <= g <= 88 or 90 <= g <= 92 or 94 <= g <= 99)


def nl_bsn_valid(bsn: str) -> bool:
    if len(bsn) != 9 or not bsn.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(bsn[:8], range(9, 1, -1), strict=False)) - int(bsn[8])
    return total % 11 == 0 and bsn != "000000000"


def es_dni_valid(dni: str) -> bool:
    number = dni[:-1]
    if dni[0] in "XYZ":  # NIE: foreigner's id, first letter stands for 0, 1, 2
        number = str("XYZ".index(dni[0])) + dni[1:-1]
    return number.isdigit() and "TRWAGMYFPDXBNJZSQVHLCKE"[int(number) % 23] == dni[-1]


def fr_nir_valid(nir: str) -> bool:
    nir = nir.replace(" ", "")
    if len(nir) != 15:
        return False
    body = nir[:13].replace("2A", "19").replace("2B", "18")
    return body.isdigit() and nir[13:].isdigit() and 97 - int(body) % 97 == int(nir[13:])


def gb_nino_valid(nino: str) -> bool:
    nino = nino.replace(" ", "").upper()
    if not re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", nino):
        return False
    return nino[:2] not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ")
