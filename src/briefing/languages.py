"""Language tags (BCP 47): what a source or an editor declares an article's language to be, normalised.

A tag is read as its language, then an optional script and region ('en', 'en-GB', 'sr-Latn-RS', 'es-419'),
each checked against ISO 639, ISO 15924 and ISO 3166 (pycountry's tables) and written in its usual case. The
forms pages give are read too: 'en_GB' (og:locale), 'EN', 'eng' (written 'en', as BCP 47 asks of a language
with a two-letter code). Variants and extensions are not read: without IANA's registry a made-up 'pl-Poland'
would pass for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from briefing.vocabulary import COUNTRIES_WITHOUT_ISO_CODE

# Codes ISO 639 has since replaced, which old pages still declare.
_REPLACED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}


@dataclass(frozen=True)
class ReadTag:
    """A declared tag as read: its longest sound beginning normalised ('en' of 'en-UK'; None when not even
    its language is known), and whether the whole of it was sound."""

    tag: str | None
    whole: bool


@cache
def _language(code: str) -> str | None:
    """The language subtag for an ISO 639 code, its two-letter form where it has one; None for an unknown code
    or one that names no language ('und', undetermined; 'mul', 'zxx')."""
    code = _REPLACED.get(code, code)
    if not re.fullmatch(r"[a-z]{2,3}", code):
        return None
    import pycountry  # here: a build whose articles' languages were read before never imports it (a tenth of a second)

    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if found is None or found.type == "S":  # 'S': ISO 639's special codes
        return None
    return getattr(found, "alpha_2", found.alpha_3)


@cache
def _is_script(code: str) -> bool:
    import pycountry

    return pycountry.scripts.get(alpha_4=code) is not None


@cache
def _is_region(code: str) -> bool:
    import pycountry

    # Three digits: a UN M.49 area, as 'es-419' (Latin America).
    return code.isdigit() or pycountry.countries.get(alpha_2=code) is not None or code in COUNTRIES_WITHOUT_ISO_CODE


def read_tag(value: object) -> ReadTag:
    """A declared language tag, normalised as far as it is sound."""
    if not isinstance(value, str):
        return ReadTag(None, False)
    parts = value.strip().replace("_", "-").split("-")
    language = _language(parts[0].lower())
    if language is None:
        return ReadTag(None, False)
    kept, rest = [language], parts[1:]
    if rest and len(rest[0]) == 4 and rest[0].isalpha() and _is_script(rest[0].title()):
        kept.append(rest.pop(0).title())
    if rest and re.fullmatch(r"[A-Za-z]{2}|[0-9]{3}", rest[0]) and _is_region(rest[0].upper()):
        kept.append(rest.pop(0).upper())
    return ReadTag("-".join(kept), not rest)


# A tag of the common shape, a two-letter language and perhaps a region ('en', 'en-GB', 'en_GB', 'es-419').
_COMMON_SHAPE = re.compile(r"([A-Za-z]{2})(?:[-_]([A-Za-z]{2}|[0-9]{3}))?")


def common_tag(value: object) -> str | None:
    """A tag of the common shape in its usual case ('en_gb' is en-GB), its codes not looked up: the site's
    language is read at every build, and the lookup costs a tenth of a second of imports. None for another."""
    match = _COMMON_SHAPE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    return match[1].lower() + (f"-{match[2].upper()}" if match[2] else "")


def declared_language(value: object) -> str | None:
    """The language a source declares, as a tag, or None for nonsense ('{{lang}}', 'x-default', 'und'); of a tag
    with a part that is not sound, what comes before it ('en' of 'en-UK')."""
    return read_tag(value).tag


def same_language(tag: str | None, site_language: str) -> bool:
    """Whether an article in `tag` is written as the site says its pages are: the same tag, or one the site's
    narrows ('en' on an 'en-GB' site says nothing the site does not)."""
    if tag is None:
        return True
    # Compared as written, case and '_' aside: reading the site's tag would look its codes up at every build.
    site, tag = site_language.replace("_", "-").lower(), tag.lower()
    return site == tag or site.startswith(f"{tag}-")


def marked_language(tag: str | None, site_language: str) -> str | None:
    """The language to mark an article's words with: its own, where it is not the site's (None: the site's)."""
    return None if same_language(tag, site_language) else tag
