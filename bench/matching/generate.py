"""A generator of labelled matching sets, independent of the sample, to tune on.

Records are people with a passport spelling (Ukrainian national 2010 / Russian ICAO for East
Slavic names, one of several conventions for Arabic and Persian names); queries distort them
the way they reach a desk: another convention (German, English, French, Polish, Czech,
Turkish spelling, written here independently of the matcher's tables), the original script,
another language's form of the given name, a typo, swapped names, a missing or vague birth
date, day and month swapped. Unregistered queries include namesakes with other birth dates,
siblings (twins too) and spouses of registered people, which must not get a duplicate verdict.

East Slavic, German and Turkish names come from Faker's lists (a pinned project dependency);
Arabic and Persian names are listed below in a scholarly transliteration from which every
spelling is derived.

    python bench/matching/generate.py --seed 7 --people 3000 --queries 600 --out DIR
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from faker import Faker

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from anlaufstelle.matching.translit import Scheme, transliterate  # noqa: E402

# --- other conventions for Cyrillic, written for the generator only -------------------------
_BASE = {
    "а": "a", "б": "b", "д": "d", "е": "e", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f", "ь": "", "ъ": "", "'": "",
    "ʼ": "",
}  # fmt: skip
_CONVENTIONS: dict[str, dict[str, str]] = {
    "german": {
        **_BASE, "в": "w", "г": "g", "ґ": "g", "є": "je", "ж": "sh", "з": "s", "и": "i",
        "і": "i", "ї": "ji", "й": "j", "у": "u", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
        "щ": "schtsch", "ы": "y", "э": "e", "ё": "jo", "ю": "ju", "я": "ja",
    },
    "english": {
        **_BASE, "в": "v", "г": "h", "ґ": "g", "є": "ye", "ж": "zh", "з": "z", "и": "y",
        "і": "i", "ї": "yi", "й": "y", "у": "u", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ы": "y", "э": "e", "ё": "yo", "ю": "yu", "я": "ya",
    },
    "french": {
        **_BASE, "в": "v", "г": "g", "ґ": "g", "є": "ie", "ж": "j", "з": "z", "и": "i",
        "і": "i", "ї": "ï", "й": "ï", "у": "ou", "х": "kh", "ц": "ts", "ч": "tch", "ш": "ch",
        "щ": "chtch", "ы": "y", "э": "e", "ё": "io", "ю": "iou", "я": "ia",
    },
    "polish": {
        **_BASE, "в": "w", "г": "h", "ґ": "g", "є": "je", "ж": "ż", "з": "z", "и": "y",
        "і": "i", "ї": "ji", "й": "j", "у": "u", "х": "ch", "ц": "c", "ч": "cz", "ш": "sz",
        "щ": "szcz", "ы": "y", "э": "e", "ё": "io", "ю": "ju", "я": "ja",
    },
    "czech": {
        **_BASE, "в": "v", "г": "h", "ґ": "g", "є": "je", "ж": "ž", "з": "z", "и": "y",
        "і": "i", "ї": "ji", "й": "j", "у": "u", "х": "ch", "ц": "c", "ч": "č", "ш": "š",
        "щ": "šč", "ы": "y", "э": "e", "ё": "jo", "ю": "ju", "я": "ja",
    },
}  # fmt: skip


def romanise(word: str, convention: str) -> str:
    table = _CONVENTIONS[convention]
    out = "".join(table.get(ch, table.get(ch.lower(), ch)) for ch in word)
    return out[:1].upper() + out[1:]


def passport(word: str, ukrainian: bool) -> str:
    scheme = Scheme.UK_NATIONAL if ukrainian else Scheme.RU_ICAO
    out = transliterate(word, scheme)
    return out[:1].upper() + out[1:]


# German (and Russian) forms of Ukrainian given names, listed here independently.
_NAME_FORMS = {
    "Олександр": ["Alexander", "Александр"], "Олексій": ["Alexej", "Алексей"],
    "Андрій": ["Andreas", "Андрей"], "Михайло": ["Michael", "Михаил"],
    "Микола": ["Nikolaus", "Николай"], "Петро": ["Peter", "Пётр"], "Павло": ["Paul", "Павел"],
    "Дмитро": ["Dmitri", "Дмитрий"], "Сергій": ["Sergej", "Сергей"], "Юрій": ["Юрий", "Georg"],
    "Іван": ["Johann", "Иван"], "Федір": ["Fjodor", "Фёдор"], "Григорій": ["Gregor"],
    "Яків": ["Jakob", "Яков"], "Йосип": ["Josef", "Иосиф"], "Степан": ["Stefan"],
    "Василь": ["Wassili", "Василий"], "Євген": ["Eugen", "Евгений"], "Ілля": ["Илья"],
    "Олена": ["Helene", "Елена"], "Катерина": ["Katharina", "Екатерина"],
    "Наталія": ["Natalie", "Наталья"], "Тетяна": ["Татьяна", "Tatjana"],
    "Юлія": ["Julia", "Юлия"], "Марія": ["Maria", "Мария"], "Ганна": ["Anna", "Анна"],
    "Ірина": ["Irene", "Ирина"], "Світлана": ["Светлана"], "Софія": ["Sophie"],
    "Єлизавета": ["Elisabeth", "Елизавета"], "Дарина": ["Дарья"], "Надія": ["Надежда"],
    "Оксана": ["Ксения"], "Ольга": ["Olga"], "Христина": ["Christina", "Кристина"],
    "Богдан": ["Bogdan"], "Віктор": ["Victor"], "Анастасія": ["Anastasia"],
}  # fmt: skip

# --- Arabic and Persian names: scholarly spelling and script --------------------------------
# Notation: aa ii uu long vowels, H = ḥ, x = kh, ' = ʿ/ʾ, S D T Z emphatics, q = qaf.
_AR_MALE = [
    ("muHammad", "محمد"), ("aHmad", "أحمد"), ("maHmuud", "محمود"), ("xaalid", "خالد"),
    ("'umar", "عمر"), ("'alii", "علي"), ("Hasan", "حسن"), ("Husayn", "حسين"),
    ("yuusuf", "يوسف"), ("ibraahiim", "إبراهيم"), ("'abd al-raHmaan", "عبد الرحمن"),
    ("'abd allaah", "عبد الله"), ("Taariq", "طارق"), ("samiir", "سمير"), ("jamaal", "جمال"),
    ("kariim", "كريم"), ("rashiid", "رشيد"), ("waliid", "وليد"), ("mustaTafaa", "مصطفى"),
    ("bashiir", "بشير"), ("ismaa'iil", "إسماعيل"), ("Hamza", "حمزة"), ("faysal", "فيصل"),
    ("naasir", "ناصر"), ("yaasiin", "ياسين"), ("'abbaas", "عباس"), ("ziyaad", "زياد"),
    ("maajid", "ماجد"), ("'aadil", "عادل"), ("saami", "سامي"), ("jawaad", "جواد"),
    ("qaasim", "قاسم"), ("'uthmaan", "عثمان"), ("sulaymaan", "سليمان"),
    ("nuur al-diin", "نور الدين"),
    ("mahdii", "مهدي"), ("riDaa", "رضا"), ("Hamiid", "حميد"), ("mas'uud", "مسعود"),
]  # fmt: skip
_AR_FEMALE = [
    ("faaTima", "فاطمة"), ("'aa'isha", "عائشة"), ("xadiija", "خديجة"), ("maryam", "مريم"),
    ("zaynab", "زينب"), ("aamina", "آمنة"), ("layla", "ليلى"), ("huda", "هدى"),
    ("nuur", "نور"), ("salmaa", "سلمى"), ("yaasmiin", "ياسمين"), ("rana", "رنا"),
    ("saara", "سارة"), ("zahraa'", "زهراء"), ("ruqayya", "رقية"), ("hiba", "هبة"),
    ("lubna", "لبنى"), ("ghaada", "غادة"), ("samiira", "سميرة"), ("jamiila", "جميلة"),
    ("shiiriin", "شيرين"), ("nargis", "نرگس"), ("parwiin", "پروین"), ("mariam", "مريم"),
    ("raniya", "رانيا"), ("dunya", "دنيا"), ("'abiir", "عبير"), ("najwa", "نجوى"),
]  # fmt: skip
_AR_FAMILY = [
    ("al-shaamii", "الشامي"), ("al-kurdii", "الكردي"), ("al-najjaar", "النجار"),
    ("Haddaad", "حداد"), ("xaliil", "خليل"), ("ya'quub", "يعقوب"), ("al-'alii", "العلي"),
    ("Hamdaan", "حمدان"), ("al-xaTiib", "الخطيب"), ("mustaTafaa", "مصطفى"), ("darwiish", "درويش"),
    ("al-aHmad", "الأحمد"), ("sulaymaan", "سليمان"), ("ibraahiim", "إبراهيم"),
    ("al-Hasan", "الحسن"), ("'abd al-laTiif", "عبد اللطيف"), ("al-sayyid", "السيد"),
    ("qaasim", "قاسم"), ("al-ma'ruuf", "المعروف"), ("naSr", "نصر"), ("al-zu'bii", "الزعبي"),
    ("al-tamiimii", "التميمي"), ("al-jabbuurii", "الجبوري"), ("'uthmaan", "عثمان"),
    ("bakr", "بكر"), ("rashiid", "رشيد"), ("al-ghaamidii", "الغامدي"), ("saalim", "سالم"),
    ("al-Haajj", "الحاج"), ("faraj", "فرج"), ("al-baghdaadii", "البغدادي"),
]  # fmt: skip
_FA_FAMILY = [
    ("aHmadii", "احمدی"), ("muHammadii", "محمدی"), ("Husaynii", "حسینی"), ("kariimii", "کریمی"),
    ("raHiimii", "رحیمی"), ("jaʿfarii", "جعفری"), ("rezaa'ii", "رضایی"), ("qaasimii", "قاسمی"),
    ("mu'min", "مومن"), ("nuurii", "نوری"), ("sultaanii", "سلطانی"), ("haashimii", "هاشمی"),
    ("amiirii", "امیری"), ("saadiqii", "صادقی"), ("mahdawii", "مهدوی"), ("nazarii", "نظری"),
]  # fmt: skip
_FA_MALE = [
    ("muHammad", "محمد"), ("Husayn", "حسین"), ("'alii", "علی"), ("riDaa", "رضا"),
    ("mahdii", "مهدی"), ("amiir", "امیر"), ("jawaad", "جواد"), ("Hamiid", "حمید"),
    ("farhaad", "فرهاد"), ("bahraam", "بهرام"), ("daawuud", "داوود"), ("sa'iid", "سعید"),
]  # fmt: skip
_FA_FEMALE = [
    ("faaTima", "فاطمه"), ("zahraa", "زهرا"), ("maryam", "مریم"), ("shiiriin", "شیرین"),
    ("parwiin", "پروین"), ("nargis", "نرگس"), ("laylaa", "لیلا"), ("mahsaa", "مهسا"),
]  # fmt: skip
_KURDISH_LATIN = ["Hêvî", "Dilan", "Rojda", "Berfîn", "Zozan", "Şîlan", "Rênas", "Azad"]

_AR_STYLES: dict[str, dict[str, str]] = {
    "english": {"x": "kh", "sh": "sh", "j": "j", "q": "q", "gh": "gh", "H": "h", "th": "th",
                "dh": "dh", "'": "", "uu": "u", "ii": "i", "aa": "a", "w": "w", "y": "y"},
    "english2": {"x": "kh", "sh": "sh", "j": "j", "q": "k", "gh": "gh", "H": "h", "th": "th",
                 "dh": "z", "'": "'", "uu": "oo", "ii": "ee", "aa": "aa", "w": "w", "y": "y"},
    "french": {"x": "kh", "sh": "ch", "j": "dj", "q": "k", "gh": "gh", "H": "h", "th": "th",
               "dh": "d", "'": "", "uu": "ou", "ii": "i", "aa": "a", "w": "ou", "y": "y"},
    "german": {"x": "ch", "sh": "sch", "j": "dsch", "q": "k", "gh": "gh", "H": "h", "th": "s",
               "dh": "s", "'": "", "uu": "u", "ii": "i", "aa": "a", "w": "w", "y": "j"},
    "turkish": {"x": "h", "sh": "ş", "j": "c", "q": "k", "gh": "ğ", "H": "h", "th": "s",
                "dh": "z", "'": "", "uu": "u", "ii": "i", "aa": "a", "w": "v", "y": "y"},
    "persian": {"x": "kh", "sh": "sh", "j": "j", "q": "gh", "gh": "gh", "H": "h", "th": "s",
                "dh": "z", "'": "", "uu": "u", "ii": "i", "aa": "a", "w": "v", "y": "y"},
}  # fmt: skip
_SUN = set("tdrzsnl") | {"sh", "th", "dh", "S", "D", "T", "Z"}


def romanise_arabic(scholarly: str, style: str, rng: random.Random) -> str:
    table = _AR_STYLES[style]
    words = scholarly.split(" ")
    out_words: list[str] = []
    article_form = rng.choice(["al-", "al-", "el-", "al ", "el ", "al", "", "sun"])
    for w in words:
        art = ""
        if w.startswith("al-"):
            w = w[3:]
            first = w[:2] if w[:2] in ("sh", "th", "dh") else w[:1]
            if article_form == "sun" and first in _SUN:
                art = "a" + table.get(first, first.lower()) + "-"
            else:
                art = "al-" if article_form == "sun" else article_form
        out: list[str] = []
        i = 0
        while i < len(w):
            two = w[i : i + 2]
            if two in table:
                out.append(table[two])
                i += 2
                continue
            ch = w[i]
            if ch in table:
                out.append(table[ch])
            elif ch in "STDZ":
                out.append(ch.lower())
            elif ch == "a" and style in ("turkish", "persian") and rng.random() < 0.4:
                out.append("e")
            elif ch == "u" and rng.random() < 0.3:
                out.append("o")
            elif ch == "i" and rng.random() < 0.2:
                out.append("e")
            else:
                out.append(ch)
            i += 1
        word = "".join(out)
        if art:
            word = art + (word[:1].upper() + word[1:] if art.endswith((" ", "-")) else word)
        out_words.append(word[:1].upper() + word[1:])
    return " ".join(out_words)


# --- people -----------------------------------------------------------------------------------
_PLACES_UA = ["Kyiv", "Kharkiv", "Odesa", "Lviv", "Dnipro", "Zaporizhzhia", "Mykolaiv"]
_PLACES_AR = ["Damascus", "Aleppo", "Homs", "Mosul", "Erbil", "Beirut", "Qamishli", "Kabul"]


def _date(rng: random.Random, placeholder_share: float, year_only_share: float) -> str:
    year = rng.randint(1940, 2023)
    r = rng.random()
    if r < year_only_share:
        return f"{year}"
    if r < year_only_share + placeholder_share:
        return f"{year}-01-01"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


class People:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fakers = {loc: Faker(loc) for loc in ("uk_UA", "ru_RU", "de_DE", "tr_TR")}
        for i, f in enumerate(self.fakers.values()):
            f.seed_instance(seed * 31 + i)

    def person(self, pid: str) -> dict[str, Any]:
        rng = self.rng
        r = rng.random()
        sex = rng.choice("fm")
        if r < 0.55:
            return self._slavic(pid, sex, ukrainian=True)
        if r < 0.70:
            return self._slavic(pid, sex, ukrainian=False)
        if r < 0.85:
            return self._arabic(pid, sex, persian=False)
        if r < 0.94:
            return self._arabic(pid, sex, persian=True)
        return self._latin(pid, sex)

    def _slavic(self, pid: str, sex: str, ukrainian: bool) -> dict[str, Any]:
        f = self.fakers["uk_UA" if ukrainian else "ru_RU"]
        given = f.first_name_female() if sex == "f" else f.first_name_male()
        family = f.last_name_female() if sex == "f" else f.last_name_male()
        patronymic = f.middle_name_female() if sex == "f" else f.middle_name_male()
        latin_given = passport(given, ukrainian)
        if self.rng.random() < 0.3:
            latin_given += " " + passport(patronymic, ukrainian)
        return {
            "id": pid,
            "sex": sex,
            "birth_date": _date(self.rng, 0.03, 0.08),
            "nationality": "UKR" if ukrainian else self.rng.choice(["RUS", "RUS", "UKR"]),
            "birth_place": self.rng.choice(_PLACES_UA),
            "given_names": latin_given,
            "family_name": passport(family, ukrainian),
            "name_original": f"{given} {family}",
            "_kind": "slavic",
            "_orig": (given, family),
        }

    def _arabic(self, pid: str, sex: str, persian: bool) -> dict[str, Any]:
        rng = self.rng
        if persian:
            given = rng.choice(_FA_FEMALE if sex == "f" else _FA_MALE)
            family = rng.choice(_FA_FAMILY + _AR_FAMILY[:6])
            style = rng.choice(["persian", "english", "german", "french"])
            nat = rng.choice(["IRN", "AFG", "AFG"])
        else:
            given = rng.choice(_AR_FEMALE if sex == "f" else _AR_MALE)
            family = rng.choice(_AR_FAMILY)
            style = rng.choice(["english", "english2", "french", "german", "turkish"])
            nat = rng.choice(["SYR", "SYR", "IRQ", "LBN", "TUR"])
        if sex == "f" and rng.random() < 0.1:
            given_latin = rng.choice(_KURDISH_LATIN)
            given = (given_latin, None)
        else:
            given_latin = romanise_arabic(given[0], style, rng)
        return {
            "id": pid,
            "sex": sex,
            "birth_date": _date(rng, 0.35, 0.1),
            "nationality": nat,
            "birth_place": rng.choice(_PLACES_AR),
            "given_names": given_latin,
            "family_name": romanise_arabic(family[0], style, rng),
            "name_original": f"{given[1]} {family[1]}" if given[1] and rng.random() < 0.6 else None,
            "_kind": "arabic",
            "_orig": (given, family),
            "_style": style,
        }

    def _latin(self, pid: str, sex: str) -> dict[str, Any]:
        loc = self.rng.choice(["de_DE", "tr_TR"])
        f = self.fakers[loc]
        return {
            "id": pid,
            "sex": sex,
            "birth_date": _date(self.rng, 0.02, 0.05),
            "nationality": "DEU" if loc == "de_DE" else "TUR",
            "birth_place": None,
            "given_names": f.first_name_female() if sex == "f" else f.first_name_male(),
            "family_name": f.last_name(),
            "name_original": None,
            "_kind": "latin",
        }


# --- distortions ------------------------------------------------------------------------------
_KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm"


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["delete", "insert", "substitute", "swap"])
    if op == "delete":
        return word[:i] + word[i + 1 :]
    if any("\u0400" <= c <= "\u04ff" for c in word):
        letters = "аеиоунрстлкві"
    elif any("\u0600" <= c <= "\u06ff" for c in word):
        letters = "اويرنلمسبت"
    else:
        letters = "aeionrstlk"
    if op == "insert":
        return word[:i] + rng.choice(letters) + word[i:]
    if op == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    ch = word[i].lower()
    if not ch.isascii():
        return word[:i] + rng.choice(letters) + word[i + 1 :]
    pos = _KEYBOARD.find(ch)
    near = [_KEYBOARD[j] for j in (pos - 1, pos + 1) if pos >= 0 and 0 <= j < len(_KEYBOARD)]
    near = [c for c in near if c != " "] or ["e"]
    return word[:i] + rng.choice(near) + word[i + 1 :]


def _distort_slavic(rec: dict[str, Any], kinds: set[str], rng: random.Random) -> tuple[str, str]:
    given, family = rec["_orig"]
    ukrainian = rec["nationality"] == "UKR"
    if "script" in kinds:
        return given, family
    if "nameform" in kinds and given in _NAME_FORMS:
        form = rng.choice(_NAME_FORMS[given])
        g = form if form[0].isascii() else romanise(form, rng.choice(list(_CONVENTIONS)))
    else:
        g = romanise(given, rng.choice(list(_CONVENTIONS))) if "translit" in kinds else None
        g = g or passport(given, ukrainian)
    conv = rng.choice(list(_CONVENTIONS))
    f = romanise(family, conv) if "translit" in kinds else passport(family, ukrainian)
    return g, f


def _distort_arabic(rec: dict[str, Any], kinds: set[str], rng: random.Random) -> tuple[str, str]:
    given, family = rec["_orig"]
    if "script" in kinds and given[1]:
        return given[1], family[1]
    styles = [s for s in _AR_STYLES if s != rec["_style"]]
    style = rng.choice(styles) if "translit" in kinds else rec["_style"]
    g = given[0] if given[1] is None else romanise_arabic(given[0], style, rng)
    return g, romanise_arabic(family[0], style, rng)


def make_query(
    rec: dict[str, Any], qid: str, rng: random.Random
) -> tuple[dict[str, Any], list[str]]:
    kinds: set[str] = set()
    if rec["_kind"] != "latin":
        kinds.add("script" if rng.random() < 0.18 else "translit")
    if rec["_kind"] == "slavic" and "script" not in kinds and rng.random() < 0.06:
        kinds.add("nameform")
    for kind, p in (("typo", 0.12), ("swap", 0.1)):
        if rng.random() < p:
            kinds.add(kind)
    date_kind = rng.choices(
        ["same", "nodate", "year", "placeholder", "daymonth"], [0.5, 0.18, 0.12, 0.12, 0.08]
    )[0]
    if rec["_kind"] == "slavic":
        g, f = _distort_slavic(rec, kinds, rng)
    elif rec["_kind"] == "arabic":
        g, f = _distort_arabic(rec, kinds, rng)
    else:
        g, f = rec["given_names"].split(" ")[0], rec["family_name"]
    if "script" not in kinds or rec["_kind"] != "slavic":
        g = g.split(" ")[0] if rec["_kind"] != "arabic" else g
    if "typo" in kinds:
        if rng.random() < 0.6:
            f = typo(f, rng)
        else:
            g = typo(g, rng)
    if "swap" in kinds:
        g, f = f, g
    bd: str | None = rec["birth_date"]
    assert bd is not None
    if date_kind == "nodate":
        bd = None
    elif date_kind == "year":
        bd = bd[:4]
    elif date_kind == "placeholder" and len(bd) == 10 and not bd.endswith("-01-01"):
        bd = bd[:4] + "-01-01"
    elif date_kind == "daymonth" and len(bd) == 10:
        y, m, d = bd.split("-")
        if int(d) <= 12 and m != d:
            bd = f"{y}-{d}-{m}"
        else:
            date_kind = "same"
    else:
        date_kind = "same"
    if date_kind != "same":
        kinds.add(date_kind)
    query = {
        "qid": qid,
        "sex": rec["sex"] if rng.random() < 0.7 else None,
        "nationality": rec["nationality"] if rng.random() < 0.6 else None,
        "given_names": g,
        "family_name": f,
        "birth_date": bd,
    }
    return query, sorted(kinds)


def _other_date(bd: str | None, rng: random.Random, near: bool) -> str:
    year = int(bd[:4]) if bd else rng.randint(1940, 2023)
    if near:
        year += rng.choice([-3, -2, 2, 3, 5])
    else:
        year = rng.randint(1940, 2023)
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(13, 28):02d}"


def generate(
    seed: int, n_people: int, n_queries: int, unregistered_share: float = 0.2
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Records, queries and truth rows as the sample has them."""
    people = People(seed)
    rng = random.Random(seed + 1)
    records = [people.person(f"G{i:07d}") for i in range(n_people)]
    queries: list[dict[str, Any]] = []
    truth: list[dict[str, Any]] = []
    for i in range(n_queries):
        qid = f"GQ{i:06d}"
        if rng.random() >= unregistered_share:
            rec = rng.choice(records)
            q, kinds = make_query(rec, qid, rng)
            queries.append(q)
            truth.append({"qid": qid, "id": rec["id"], "hard": kinds})
            continue
        # Someone not registered: a stranger, or a relative or namesake of someone who is.
        rel = rng.choices(["stranger", "namesake", "sibling", "twin", "spouse"], [4, 3, 1, 1, 1])[0]
        if rel == "stranger":
            other = people.person("X")
            q, kinds = make_query(other, qid, rng)
        else:
            base = rng.choice(records)
            twin = dict(base)
            if rel == "namesake":
                twin["birth_date"] = _other_date(base["birth_date"], rng, near=False)
            else:
                donor = people.person("X")
                while (
                    donor["_kind"] != base["_kind"]
                    or donor["sex"] == base["sex"]
                    and (donor.get("_orig", (None,))[0] == base.get("_orig", (None,))[0])
                ):
                    donor = people.person("X")
                if rel == "spouse" and base["_kind"] != "slavic":
                    donor_sex = "m" if base["sex"] == "f" else "f"
                else:
                    donor_sex = donor["sex"]
                if base["_kind"] == "latin":
                    twin["given_names"] = donor["given_names"]
                else:
                    twin["_orig"] = (donor["_orig"][0], base["_orig"][1])
                    if base["_kind"] == "arabic":
                        twin["_style"] = base["_style"]
                twin["sex"] = donor_sex if base["_kind"] != "slavic" else base["sex"]
                if rel in ("sibling", "spouse"):
                    twin["birth_date"] = _other_date(base["birth_date"], rng, near=True)
            q, kinds = make_query(twin, qid, rng)
            if "nodate" in kinds and rel != "twin":
                q["birth_date"] = twin["birth_date"]
                kinds.remove("nodate")
            if rel == "twin" and q["birth_date"] is None:
                q["birth_date"] = twin["birth_date"]
            kinds.append(rel)
        queries.append(q)
        truth.append({"qid": qid, "id": None, "hard": sorted(kinds)})
    _count_ties(records, queries, truth)
    for r in records:
        for k in [k for k in r if k.startswith("_")]:
            del r[k]
    return records, queries, truth


def _person_name(rec: dict[str, Any]) -> tuple[Any, Any]:
    """The name a person has before any spelling: first given name and family name in the
    original script (or the scholarly form), or as written for Latin names."""
    if "_orig" in rec:
        given, family = rec["_orig"]
        return (given if isinstance(given, tuple) else given.split(" ")[0]), family
    return rec["given_names"].split(" ")[0], rec["family_name"]


def _date_part(rec_date: str | None, query_date: str | None) -> str | None:
    """What of a birth date a query can tell apart: nothing, the year, or the whole date."""
    if not query_date or rec_date is None:
        return None
    if len(query_date) == 4 or query_date.endswith("-01-01"):
        return rec_date[:4]
    return rec_date


def _count_ties(
    records: list[dict[str, Any]], queries: list[dict[str, Any]], truth: list[dict[str, Any]]
) -> None:
    """Add to each registered query's truth row how many *other* registered people agree with
    it on everything it carries (the same name before spelling, the birth date as precisely as
    the query gives it, sex and nationality where given). No matcher can tell these apart, so
    1 / (1 + ties) bounds the chance of ranking the true person first: a large registry of
    common names has many namesakes, and a search without a birth date cannot pick one."""
    by_name: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for r in records:
        by_name.setdefault(_person_name(r), []).append(r)
    by_id = {r["id"]: r for r in records}

    def signature(r: dict[str, Any], q: dict[str, Any]) -> tuple[Any, ...]:
        return (
            _date_part(r["birth_date"], q.get("birth_date")),
            r["sex"] if q.get("sex") else None,
            r["nationality"] if q.get("nationality") else None,
        )

    for q, t in zip(queries, truth, strict=True):
        if t["id"] is None:
            continue
        true = by_id[t["id"]]
        wanted = signature(true, q)
        t["ties"] = sum(
            1
            for r in by_name[_person_name(true)]
            if r["id"] != true["id"] and signature(r, q) == wanted
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a labelled person-matching set.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    records, queries, truth = generate(args.seed, args.people, args.queries)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("records", records), ("queries", queries), ("truth", truth)):
        with (args.out / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
