# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Normalised keys that recognise one customer written in different ways.

"ＫＯＷＡ Denki Trading Co., Ltd." and "Kowa Denki Trading Co Ltd" are the same
company; so are "东莞华洋电缆有限公司" and "东莞华洋电缆". Full-width characters
are folded to half-width (NFKC), case and punctuation are dropped, and legal
suffixes are removed from the end.
"""

import re
import unicodedata

# Longest first, so that "股份有限公司" goes before "有限公司".
CJK_LEGAL_SUFFIXES = sorted(
    ["股份有限公司", "有限责任公司", "有限公司", "集团有限公司", "集团公司", "集团", "公司", "株式会社", "商行", "厂"],
    key=len,
    reverse=True,
)
LATIN_LEGAL_WORDS = {
    "co", "company", "corp", "corporation", "inc", "incorporated", "ltd", "limited",
    "llc", "llp", "plc", "gmbh", "ag", "kg", "mbh", "sa", "sas", "sarl", "srl", "spa",
    "bv", "nv", "ab", "as", "oy", "pte", "pty", "kk", "group", "holdings", "intl", "international",
}  # fmt: skip
# "Co.,Ltd." and "S.A." lose their dots before the words are compared.
_PUNCTUATION = re.compile(r"[^\w\s]|_", re.UNICODE)


def normalize_company_name(name):
    """The comparable core of a company name, or "" when nothing meaningful is left."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace(".", "")  # "co.,ltd." -> "co,ltd"; "s.a." -> "sa"
    text = _PUNCTUATION.sub(" ", text)
    words = text.split()
    while words and words[-1] in LATIN_LEGAL_WORDS:
        words.pop()
    core = "".join(words)
    stripped = True
    while stripped and core:
        stripped = False
        for suffix in CJK_LEGAL_SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix):
                core = core[: -len(suffix)]
                stripped = True
                break
    return core if len(core) >= 2 else ""


def normalize_vat(vat):
    if not vat:
        return ""
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", vat).upper())


def normalize_website(url):
    """The host of a web site without scheme, "www." and path: example.com."""
    if not url:
        return ""
    host = unicodedata.normalize("NFKC", url).strip().casefold()
    host = re.sub(r"^[a-z]+://", "", host)
    host = host.split("/")[0].split("?")[0].split(":")[0]
    host = host.removeprefix("www.")
    return host if "." in host else ""


def normalize_phone_digits(phone):
    """Digits only, the last 8 of them: enough to match +86 769 1234 5678 and 0769-12345678."""
    if not phone:
        return ""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone))
    return digits[-8:] if len(digits) >= 7 else ""
