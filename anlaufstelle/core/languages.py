"""Languages: the UI languages, and the wider list of languages people speak (ISO 639-1)."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Languages a visitor or staff member may speak; the UI languages are a subset.
SPOKEN_LANGUAGES = {
    "de": _("German"),
    "en": _("English"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "ar": _("Arabic"),
    "fa": _("Farsi"),
    "prs": _("Dari"),
    "ku": _("Kurmanji Kurdish"),
    "ckb": _("Sorani Kurdish"),
    "tr": _("Turkish"),
    "fr": _("French"),
    "es": _("Spanish"),
    "pl": _("Polish"),
    "ro": _("Romanian"),
    "bg": _("Bulgarian"),
    "sq": _("Albanian"),
    "sr": _("Serbian"),
    "ti": _("Tigrinya"),
    "so": _("Somali"),
    "ps": _("Pashto"),
    "ur": _("Urdu"),
    "hi": _("Hindi"),
    "vi": _("Vietnamese"),
    "zh": _("Chinese"),
    "ka": _("Georgian"),
    "hy": _("Armenian"),
    "az": _("Azerbaijani"),
    "be": _("Belarusian"),
    "am": _("Amharic"),
    "it": _("Italian"),
    "pt": _("Portuguese"),
}

UI_LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def language_names(codes: Iterable[str]) -> str:
    return ", ".join(str(SPOKEN_LANGUAGES.get(code, code)) for code in codes)


def validate_language_codes(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Enter a list of language codes."), code="invalid")
    unknown = [code for code in value if code not in SPOKEN_LANGUAGES]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s"),
            code="unknown",
            params={"codes": ", ".join(unknown)},
        )


def validate_translations(value: object) -> None:
    """A text in several UI languages: {"de": ..., "en": ...}; German is required."""
    if not isinstance(value, dict):
        raise ValidationError(_("Enter texts by language code."), code="invalid")
    unknown = [code for code in value if code not in UI_LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s"),
            code="unknown",
            params={"codes": ", ".join(unknown)},
        )
    if not str(value.get("de", "")).strip():
        raise ValidationError(_("The German text is required."), code="required")


def pick_translation(texts: dict[str, str], language: str | None = None) -> str:
    """The text in the current language, else German (always present), else anything."""
    language = (language or get_language() or "de").split("-")[0]
    return texts.get(language) or texts.get("de") or next(iter(texts.values()), "")
