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


# ISO 639-1's two-letter languages and ISO 3166-1's regions as pycountry's tables hold them (a test keeps them
# the same): the site's tag is checked against these at every build, without pycountry's import.
_ISO_639_1 = (
    "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv "
    "dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie "
    "ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv "
    "mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm "
    "rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr "
    "ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu "
)
_ISO_3166_1 = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT "
    "BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH "
    "ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT "
    "HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS "
    "LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI "
    "NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG "
    "SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG "
    "UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW "
)
_TWO_LETTER_LANGUAGES = frozenset(_ISO_639_1.split())
_TWO_LETTER_REGIONS = frozenset(_ISO_3166_1.split())
# A tag of the common shape, a two-letter language and perhaps a region ('en', 'en-GB', 'en_GB', 'es-419').
_COMMON_SHAPE = re.compile(r"([A-Za-z]{2})(?:[-_]([A-Za-z]{2}|[0-9]{3}))?")


def common_tag(value: object) -> str | None:
    """A tag of the common shape in its usual case ('en_gb' is en-GB), its codes looked up in the lists above:
    the site's language is read at every build, and pycountry's tables cost a tenth of a second of imports. None
    for another tag, or one of an unknown language or region."""
    match = _COMMON_SHAPE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    language, region = match[1].lower(), (match[2] or "").upper()
    if language not in _TWO_LETTER_LANGUAGES or (region and not _is_common_region(region)):
        return None
    return language + (f"-{region}" if region else "")


def _is_common_region(code: str) -> bool:
    return code.isdigit() or code in _TWO_LETTER_REGIONS or code in COUNTRIES_WITHOUT_ISO_CODE


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


# The languages written from right to left, by their language subtag, and the scripts that are: a tag's script
# settles it where it names one ('az-Arab' is, 'ku-Latn' is not).
_RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "syr", "ug", "ur", "yi"})
_RIGHT_TO_LEFT_SCRIPTS = frozenset({"Adlm", "Arab", "Hebr", "Mand", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa"})
RIGHT_TO_LEFT, LEFT_TO_RIGHT = "rtl", "ltr"


def writing_direction(tag: str | None) -> str:
    """Which way a language's text runs, as HTML's dir attribute says it: 'rtl' for 'ar', 'he-IL' or 'az-Arab'."""
    parts = (tag or "").replace("_", "-").split("-")
    script = next((part.title() for part in parts[1:] if len(part) == 4 and part.isalpha()), None)
    if script:
        return RIGHT_TO_LEFT if script in _RIGHT_TO_LEFT_SCRIPTS else LEFT_TO_RIGHT
    return RIGHT_TO_LEFT if parts[0].lower() in _RIGHT_TO_LEFT_LANGUAGES else LEFT_TO_RIGHT


# Who writes a date in figures with slashes day first ('04/02/2022' for 4 February), as the Unicode CLDR gives
# their short dates: the languages that write it so wherever they are written, but in the two regions whose people
# write it both ways; and English where it is written so. English alone settles nothing, nor 'en-US', which
# publishing systems declare by default on sites that write the day first.
_DAY_FIRST_LANGUAGES = frozenset({"ca", "el", "es", "fr", "it", "pt"})
_EITHER_ORDER_REGIONS = frozenset({"CA", "US"})
_DAY_FIRST_TAGS = frozenset({"en-AU", "en-GB", "en-IE", "en-IN", "en-NZ"})


def writes_day_first(tag: str | None) -> bool:
    """Whether a page in this language (a tag as `declared_language` gives it) is known to write '04/02/2022'
    for 4 February."""
    language, *rest = (tag or "").split("-")
    region = next((part for part in rest if part.isupper() or part.isdigit()), "")
    if language in _DAY_FIRST_LANGUAGES:
        return region not in _EITHER_ORDER_REGIONS
    return f"{language}-{region}" in _DAY_FIRST_TAGS
