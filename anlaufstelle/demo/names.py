"""Names for generated people: Cyrillic names come from Faker and are romanised with the
matching package's tables (Ukrainian: national system of 2010, as in Ukrainian passports;
Russian: ICAO Doc 9303, as in Russian passports). Arabic-script names come from the small curated
pairs below, each (Latin passport spelling, original script). All combinations are invented.
"""

from __future__ import annotations

import re

from anlaufstelle.matching.translit import Scheme, transliterate

NamePair = tuple[str, str]

ARABIC_MALE: list[NamePair] = [
    ("Mohammed", "محمد"),
    ("Ahmad", "أحمد"),
    ("Khaled", "خالد"),
    ("Omar", "عمر"),
    ("Yousef", "يوسف"),
    ("Hassan", "حسن"),
    ("Ali", "علي"),
    ("Mahmoud", "محمود"),
    ("Ibrahim", "إبراهيم"),
    ("Samer", "سامر"),
    ("Rami", "رامي"),
    ("Karim", "كريم"),
    ("Tarek", "طارق"),
    ("Bilal", "بلال"),
]
ARABIC_FEMALE: list[NamePair] = [
    ("Fatima", "فاطمة"),
    ("Aisha", "عائشة"),
    ("Mariam", "مريم"),
    ("Nour", "نور"),
    ("Layla", "ليلى"),
    ("Rania", "رانيا"),
    ("Huda", "هدى"),
    ("Amal", "أمل"),
    ("Zainab", "زينب"),
    ("Rasha", "رشا"),
    ("Sara", "سارة"),
    ("Yasmin", "ياسمين"),
    ("Dima", "ديما"),
    ("Lina", "لينا"),
]
ARABIC_FAMILY: list[NamePair] = [
    ("Al-Hassan", "الحسن"),
    ("Haddad", "حداد"),
    ("Khalil", "خليل"),
    ("Mansour", "منصور"),
    ("Nasser", "ناصر"),
    ("Saleh", "صالح"),
    ("Darwish", "درويش"),
    ("Hamdan", "حمدان"),
    ("Al-Khatib", "الخطيب"),
    ("Othman", "عثمان"),
    ("Al-Ahmad", "الأحمد"),
    ("Shami", "شامي"),
    ("Jaber", "جابر"),
    ("Abboud", "عبود"),
]
# Kurdish names as written in Syrian and Iraqi papers, i.e. in Arabic letters.
KURDISH_MALE: list[NamePair] = [
    ("Azad", "آزاد"),
    ("Dilshad", "دلشاد"),
    ("Shivan", "شيفان"),
    ("Baran", "باران"),
    ("Rezan", "ريزان"),
    ("Hogir", "هوكر"),
    ("Ciwan", "جوان"),
    ("Serbest", "سربست"),
]
KURDISH_FEMALE: list[NamePair] = [
    ("Rojin", "روجين"),
    ("Berivan", "بيريفان"),
    ("Hevin", "هيفين"),
    ("Jiyan", "جيان"),
    ("Nesrin", "نسرين"),
    ("Delal", "دلال"),
    ("Rojda", "روجدا"),
    ("Viyan", "فيان"),
]
KURDISH_FAMILY: list[NamePair] = [
    ("Mustafa", "مصطفى"),
    ("Hussein", "حسين"),
    ("Murad", "مراد"),
    ("Khidir", "خضر"),
    ("Sheikho", "شيخو"),
    ("Ali", "علي"),
    ("Omar", "عمر"),
    ("Qasim", "قاسم"),
]
# Dari and Farsi names in Persian letters (ی and ک, not the Arabic forms).
PERSIAN_MALE: list[NamePair] = [
    ("Ahmad", "احمد"),
    ("Mohammad", "محمد"),
    ("Mustafa", "مصطفی"),
    ("Jawad", "جواد"),
    ("Hamid", "حمید"),
    ("Farid", "فرید"),
    ("Sohrab", "سهراب"),
    ("Reza", "رضا"),
    ("Navid", "نوید"),
    ("Omid", "امید"),
    ("Wahid", "وحید"),
    ("Karim", "کریم"),
]
PERSIAN_FEMALE: list[NamePair] = [
    ("Zahra", "زهرا"),
    ("Maryam", "مریم"),
    ("Fereshta", "فرشته"),
    ("Mina", "مینا"),
    ("Shabnam", "شبنم"),
    ("Parwana", "پروانه"),
    ("Nargis", "نرگس"),
    ("Samira", "سمیرا"),
    ("Soraya", "ثریا"),
    ("Farzana", "فرزانه"),
    ("Malalai", "ملالی"),
    ("Homa", "هما"),
]
PERSIAN_FAMILY: list[NamePair] = [
    ("Ahmadi", "احمدی"),
    ("Rahimi", "رحیمی"),
    ("Hosseini", "حسینی"),
    ("Karimi", "کریمی"),
    ("Mohammadi", "محمدی"),
    ("Sultani", "سلطانی"),
    ("Noori", "نوری"),
    ("Haidari", "حیدری"),
    ("Safi", "صافی"),
    ("Amiri", "امیری"),
    ("Azizi", "عزیزی"),
    ("Rezaei", "رضایی"),
]

ARABIC_SCRIPT_POOLS: dict[str, tuple[list[NamePair], list[NamePair], list[NamePair]]] = {
    "ar": (ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY),
    "ku": (KURDISH_MALE, KURDISH_FEMALE, KURDISH_FAMILY),
    "fa": (PERSIAN_MALE, PERSIAN_FEMALE, PERSIAN_FAMILY),
}

SCHEMES = {"uk": Scheme.UK_NATIONAL, "ru": Scheme.RU_ICAO}
_APOSTROPHES = re.compile("['’ʼ`]")
_WORD = re.compile(r"[^\s-]+|[\s-]+")


def romanise(text: str, language: str) -> str:
    """Passport spelling of a Cyrillic name: word by word (the word-initial rules matter),
    keeping spaces and hyphens, each word capitalised. The Ukrainian system drops apostrophes."""
    scheme = SCHEMES[language]
    text = _APOSTROPHES.sub("", text)
    parts = []
    for part in _WORD.findall(text):
        if part.strip(" -"):
            parts.append(transliterate(part, scheme).capitalize())
        else:
            parts.append(part)
    return "".join(parts)


_RU_FEMININE = (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"), ("ий", "ая"))
_UK_FEMININE = (("ський", "ська"), ("цький", "цька"), ("ий", "а"))


def feminine_surname(surname: str, language: str) -> str:
    """The form a wife or daughter carries: Иванов → Иванова, Журський → Журська; surnames in
    -енко, -ук, -ак (and Ukrainian -ів) are the same for women and men."""
    for male, female in _UK_FEMININE if language == "uk" else _RU_FEMININE:
        if surname.endswith(male):
            return surname[: -len(male)] + female
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname
