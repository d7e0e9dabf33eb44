"""The demo centre, modelled on the Ankommenszentrum Leipzig of 2022: about ten agencies in one
hall with guides (Lotsen) at the entrance, "anyone's desks" (Jedermanns-Arbeitsplätze) for
rotation, interpreters, and a pop-up site for arrivals.

Everything here is plain data; `builder.py` turns it into rows. All people, names, phone numbers
and addresses are invented; contacts use example.org.

LeiKa keys: the keys below are ILLUSTRATIVE. They have the right form (14 digits) but were not
checked against the federal catalogue, so do not copy them into a real installation. Keys
beginning with 999 stand for services that have no LeiKa entry at all (guidance at the entrance,
a bank account), which a real installation would mark with a local key in the same way.

Service codes match the `id`s of the day files in the scenario format (reception, registration,
residence, benefits, payout, bank, housing, jobs, school), so that a day file can be mapped onto
the demo's services by `code`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from anlaufstelle.core.roles import Role

# One password for every demo login, printed by `anlaufstelle demo --print-logins`. It passes the
# project's password validators (checked when the demo is loaded). A public demo server sets its
# own with ANLAUFSTELLE_DEMO_PASSWORD (or ANLAUFSTELLE_DEMO_PASSWORD_FILE).
DEMO_PASSWORD = "Anlaufstelle-Demo-2022"
DEMO_PASSWORD_ENV = "ANLAUFSTELLE_DEMO_PASSWORD"

# The city whose centre the demo imitates; every controller below is a fictional unit of it.
CITY = "Stadt Leipzig"


@dataclass(frozen=True)
class SiteSpec:
    key: str
    name: str
    address: str
    is_popup: bool = False
    # Days relative to the day the demo is loaded; None means no limit.
    open_from_days: int | None = None
    open_until_days: int | None = None


SITES = [
    SiteSpec("messe", "Ankommenszentrum Messe", "Messe-Allee 1, 04356 Leipzig"),
    SiteSpec(
        "hbf",
        "Pop-up-Anlaufstelle Hauptbahnhof",
        "Willy-Brandt-Platz 5, 04109 Leipzig",
        is_popup=True,
        open_from_days=-30,
        open_until_days=60,
    ),
]


# When the sites are open: (weekday, opens, closes), Monday = 0. The main site stays open
# until six on Thursdays, for those who work; the pop-up site keeps office hours.
_OFFICE_HOURS = [(weekday, "08:00", "16:00") for weekday in range(5)]
OPENING_HOURS = {
    "messe": [(w, "08:00", "18:00") if w == 3 else (w, o, c) for w, o, c in _OFFICE_HOURS],
    "hbf": _OFFICE_HOURS,
}
# The capacity derived from the staff plan (appointments/capacity.py): this share bookable
# online, this by staff only, the rest kept for walk-ins.
ONLINE_SHARE = "0.35"
STAFF_SHARE = "0.15"
# Bookings in the demo: at the main site, on its next open days, and in the past weeks.
BOOKING_SITE = "messe"
BOOKING_DAYS = 5
BOOKINGS_PER_DAY = 8
BOOKED_CONCERNS = [("registration",), ("residence",), ("benefits", "payout"), ("bank",)]
BOOKING_LANGUAGES = ["uk", "ru", "ar", "fa", "de"]
PAST_BOOKINGS = 60
NO_SHOW_SHARE = 0.2


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    kind: str
    controller: str
    legal_basis_de: str
    legal_basis_en: str


AGENCIES = [
    AgencySpec(
        "lotsen",
        "Lotsendienst",
        "guides",
        f"{CITY}, Referat Migration und Integration – Lotsendienst",
        "§ 3 SächsDSDG i. V. m. Art. 6 Abs. 1 lit. e DSGVO (Erstberatung und Wegeplanung im "
        "Ankommenszentrum)",
        "Section 3 Saxon Data Protection Implementation Act with Art. 6(1)(e) GDPR (first "
        "advice and route planning in the welcome centre)",
    ),
    AgencySpec(
        "buergerservice",
        "Bürgerservice",
        "citizens_office",
        f"{CITY}, Ordnungsamt – Bürgerservice (Meldebehörde)",
        "§§ 17, 23 BMG (Anmeldung, Meldebescheinigung); Art. 6 Abs. 1 lit. c und e DSGVO",
        "Sections 17 and 23 Federal Registration Act (BMG: registration, certificate); "
        "Art. 6(1)(c) and (e) GDPR",
    ),
    AgencySpec(
        "auslaenderbehoerde",
        "Ausländerbehörde",
        "foreigners_authority",
        f"{CITY}, Ordnungsamt – Ausländerbehörde",
        "§§ 24, 71, 81, 86 ff. AufenthG; Art. 6 Abs. 1 lit. c und e DSGVO",
        "Sections 24, 71, 81 and 86 et seq. Residence Act (AufenthG); Art. 6(1)(c) and (e) GDPR",
    ),
    AgencySpec(
        "sozialamt",
        "Sozialamt",
        "social_office",
        f"{CITY}, Sozialamt",
        "AsylbLG und SGB XII; §§ 67a ff. SGB X (Sozialdaten); Art. 6 Abs. 1 lit. c und e, "
        "Art. 9 Abs. 2 lit. b DSGVO",
        "Asylum Seekers' Benefits Act (AsylbLG) and Social Code XII; sections 67a et seq. "
        "Social Code X (social data); Art. 6(1)(c) and (e), Art. 9(2)(b) GDPR",
    ),
    AgencySpec(
        "kasse",
        "Stadtkasse",
        "other",
        f"{CITY}, Stadtkämmerei – Stadtkasse",
        "Auszahlung bewilligter Leistungen im Auftrag des Sozialamts; §§ 67a ff. SGB X; "
        "Art. 6 Abs. 1 lit. e DSGVO",
        "Payout of granted benefits on behalf of the social office; sections 67a et seq. "
        "Social Code X; Art. 6(1)(e) GDPR",
    ),
    AgencySpec(
        "jobcenter",
        "Jobcenter",
        "jobcenter",
        "Jobcenter Leipzig (gemeinsame Einrichtung)",
        "SGB II, insbesondere §§ 7, 37, 50 ff. SGB II; §§ 67a ff. SGB X; Art. 6 Abs. 1 lit. c "
        "und e DSGVO",
        "Social Code II, in particular sections 7, 37 and 50 et seq.; sections 67a et seq. "
        "Social Code X; Art. 6(1)(c) and (e) GDPR",
    ),
    AgencySpec(
        "arbeitsagentur",
        "Agentur für Arbeit",
        "job_agency",
        "Bundesagentur für Arbeit, Agentur für Arbeit Leipzig",
        "SGB III (Berufsberatung §§ 29 ff., Vermittlung §§ 35 ff.); §§ 67a ff. SGB X; "
        "Art. 6 Abs. 1 lit. e DSGVO",
        "Social Code III (careers advice sections 29 et seq., placement sections 35 et seq.); "
        "sections 67a et seq. Social Code X; Art. 6(1)(e) GDPR",
    ),
    AgencySpec(
        "jugendamt",
        "Jugendamt",
        "youth_office",
        f"{CITY}, Amt für Jugend und Familie",
        "SGB VIII, insbesondere §§ 42a ff. (unbegleitete Minderjährige) und §§ 61–65 "
        "(Schutz von Sozialdaten); Art. 6 Abs. 1 lit. e DSGVO",
        "Social Code VIII, in particular sections 42a et seq. (unaccompanied minors) and "
        "61–65 (protection of social data); Art. 6(1)(e) GDPR",
    ),
    AgencySpec(
        "lasub",
        "Landesamt für Schule und Bildung (LaSuB)",
        "school_authority",
        "Freistaat Sachsen, Landesamt für Schule und Bildung, Standort Leipzig",
        "Sächsisches Schulgesetz (Schulpflicht, Schulaufnahme); Art. 6 Abs. 1 lit. e DSGVO",
        "Saxon School Act (compulsory schooling, admission to school); Art. 6(1)(e) GDPR",
    ),
    AgencySpec(
        "sparkasse",
        "Sparkasse",
        "bank",
        "Sparkasse (Demo-Filiale im Ankommenszentrum)",
        "§§ 31 ff. ZKG (Basiskonto); §§ 10 ff. GwG (Identifizierung); Art. 6 Abs. 1 lit. b "
        "und c DSGVO",
        "Sections 31 et seq. Payment Accounts Act (basic account); sections 10 et seq. "
        "Money Laundering Act (identification); Art. 6(1)(b) and (c) GDPR",
    ),
    AgencySpec(
        "wohnungsverwaltung",
        "Wohnungsverwaltung",
        "housing",
        f"{CITY}, Sozialamt – Abteilung Wohnen und Unterbringung",
        "Sächsisches Flüchtlingsaufnahmegesetz (Unterbringung); Art. 6 Abs. 1 lit. b und e DSGVO",
        "Saxon Refugee Reception Act (accommodation); Art. 6(1)(b) and (e) GDPR",
    ),
    AgencySpec(
        "stab",
        "Koordinierungsstab Ankommenszentrum",
        "other",
        f"{CITY}, Dezernat Soziales – Koordinierungsstab Ankommenszentrum",
        "Art. 6 Abs. 1 lit. e DSGVO (Steuerung des Ankommenszentrums, keine Falldaten)",
        "Art. 6(1)(e) GDPR (running the welcome centre, no case data)",
    ),
    # A partner organisation: no legal basis of its own in the centre, so its login sees a
    # person only where their consent or a referral opens them (network/demo.py, its offers).
    AgencySpec(
        "migrationsberatung",
        "Migrationsberatung für Erwachsene",
        "partner",
        "Caritasverband Leipzig e. V.",
        "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung der Person)",
        "Art. 6(1)(a) GDPR (the person's consent)",
    ),
]


def _t(de: str, en: str, uk: str, ru: str, ar: str, fa: str, ku: str) -> dict[str, str]:
    return {"de": de, "en": en, "uk": uk, "ru": ru, "ar": ar, "fa": fa, "ku": ku}


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    agency: str
    leika_key: str
    names: dict[str, str]
    descriptions: dict[str, str]
    typical_minutes: str
    per_person_factor: str
    required_documents: list[str]
    prerequisites: list[str] = field(default_factory=list)


# The kiosk's picture for each service (organisation.models.PICTOGRAMS).
PICTOGRAMS = {
    "reception": "information",
    "registration": "registration",
    "residence": "residence",
    "benefits": "benefits",
    "payout": "money",
    "bank": "bank",
    "housing": "housing",
    "jobs": "work",
    "basic_income": "benefits",
    "school": "school",
    "youth_office": "family",
}

# Required documents are people.models.Document.Kind values where one fits, else a free code
# (registration_certificate, biometric_photo, ...) that organisation/services.py labels.
SERVICES = [
    ServiceSpec(
        "reception",
        "lotsen",
        "99900001000000",
        _t(
            "Empfang und Lotsen",
            "Reception and guidance",
            "Прийом і супровід",
            "Приём и сопровождение",
            "الاستقبال والإرشاد",
            "پذیرش و راهنمایی",
            "Pêşwazî û rêberî",
        ),
        _t(
            "Die Lotsen nehmen Ihr Anliegen auf, prüfen Ihre Unterlagen und planen Ihren Weg "
            "durch das Haus.",
            "Guides record your concerns, check your papers and plan your route through the "
            "centre.",
            "Супровідники записують ваші питання, перевіряють документи та планують ваш "
            "маршрут центром.",
            "Сопровождающие записывают ваши вопросы, проверяют документы и планируют ваш "
            "маршрут по центру.",
            "يسجّل المرشدون طلباتكم ويتحققون من أوراقكم ويخططون مساركم داخل المركز.",
            "راهنماها درخواست‌های شما را ثبت می‌کنند، مدارک‌تان را بررسی می‌کنند و مسیر شما "
            "را در مرکز برنامه‌ریزی می‌کنند.",
            "Rêber daxwazên we tomar dikin, belgeyên we kontrol dikin û rêya we ya di navendê "
            "de plan dikin.",
        ),
        "2.0",
        "0.00",
        [],
    ),
    ServiceSpec(
        "registration",
        "buergerservice",
        "99115001000000",
        _t(
            "Anmeldung des Wohnsitzes",
            "Residence registration",
            "Реєстрація місця проживання",
            "Регистрация места жительства",
            "تسجيل السكن",
            "ثبت محل سکونت",
            "Qeydkirina niştecihbûnê",
        ),
        _t(
            "Anmeldung Ihrer Wohnung beim Bürgerservice; Sie erhalten eine Meldebescheinigung.",
            "Registering your address with the citizens' office; you receive a registration "
            "certificate.",
            "Реєстрація вашого житла в бюро обслуговування громадян; ви отримаєте довідку про "
            "реєстрацію.",
            "Регистрация вашего жилья в бюро обслуживания граждан; вы получите справку о "
            "регистрации.",
            "تسجيل عنوان سكنك لدى مكتب خدمة المواطنين؛ ستحصل على شهادة تسجيل.",
            "ثبت نشانی محل سکونت شما در دفتر خدمات شهروندی؛ گواهی ثبت دریافت می‌کنید.",
            "Qeydkirina navnîşana we li ofîsa karûbarên welatiyan; hûn belgeya qeydkirinê "
            "distînin.",
        ),
        "4.0",
        "0.40",
        ["passport", "landlord_confirmation"],
        ["reception"],
    ),
    ServiceSpec(
        "residence",
        "auslaenderbehoerde",
        "99010003000000",
        _t(
            "Aufenthaltserlaubnis und Fiktionsbescheinigung",
            "Residence permit and provisional certificate (Fiktionsbescheinigung)",
            "Дозвіл на проживання та тимчасова довідка (Fiktionsbescheinigung)",
            "Вид на жительство и временная справка (Fiktionsbescheinigung)",
            "تصريح الإقامة والشهادة المؤقتة (Fiktionsbescheinigung)",
            "اجازه اقامت و گواهی موقت (Fiktionsbescheinigung)",
            "Destûra niştecihbûnê û belgeya demkî (Fiktionsbescheinigung)",
        ),
        _t(
            "Antrag auf Aufenthaltserlaubnis nach § 24 AufenthG (vorübergehender Schutz); bis "
            "zur Entscheidung erhalten Sie eine Fiktionsbescheinigung.",
            "Application for a residence permit under section 24 AufenthG (temporary "
            "protection); until the decision you receive a Fiktionsbescheinigung.",
            "Заява на дозвіл на проживання за § 24 AufenthG (тимчасовий захист); до ухвалення "
            "рішення ви отримаєте Fiktionsbescheinigung.",
            "Заявление на вид на жительство по § 24 AufenthG (временная защита); до решения "
            "вы получите Fiktionsbescheinigung.",
            "طلب تصريح إقامة وفق المادة 24 من قانون الإقامة (الحماية المؤقتة)؛ حتى صدور "
            "القرار تحصل على Fiktionsbescheinigung.",
            "درخواست اجازه اقامت طبق بند ۲۴ قانون اقامت (حمایت موقت)؛ تا زمان تصمیم‌گیری "
            "Fiktionsbescheinigung دریافت می‌کنید.",
            "Serlêdana destûra niştecihbûnê li gorî § 24 AufenthG (parastina demkî); heta "
            "biryarê hûn Fiktionsbescheinigung distînin.",
        ),
        "6.0",
        "0.50",
        ["passport", "registration_certificate", "biometric_photo"],
        ["registration"],
    ),
    ServiceSpec(
        "benefits",
        "sozialamt",
        "99008001000000",
        _t(
            "Leistungen nach dem Asylbewerberleistungsgesetz",
            "Benefits under the Asylum Seekers' Benefits Act (AsylbLG)",
            "Допомога за Законом про допомогу шукачам притулку (AsylbLG)",
            "Пособие по Закону о пособиях для лиц, ищущих убежища (AsylbLG)",
            "المساعدات وفق قانون إعانات طالبي اللجوء (AsylbLG)",
            "کمک‌هزینه طبق قانون مزایای پناهجویان (AsylbLG)",
            "Alîkarî li gorî Qanûna Alîkariya Penaberan (AsylbLG)",
        ),
        _t(
            "Antrag beim Sozialamt auf Leistungen für Lebensunterhalt und Unterkunft nach "
            "AsylbLG und SGB XII.",
            "Application to the social office for living and housing costs under the AsylbLG "
            "and SGB XII.",
            "Заява до соціального відомства на покриття витрат на проживання та житло за "
            "AsylbLG і SGB XII.",
            "Заявление в социальное ведомство на покрытие расходов на жизнь и жильё по "
            "AsylbLG и SGB XII.",
            "طلب لدى مكتب الشؤون الاجتماعية لتغطية تكاليف المعيشة والسكن وفق AsylbLG و SGB XII.",
            "درخواست از اداره امور اجتماعی برای هزینه‌های زندگی و مسکن طبق AsylbLG و SGB XII.",
            "Serlêdana li ofîsa civakî ji bo lêçûnên jiyanê û xaniyê li gorî AsylbLG û SGB XII.",
        ),
        "8.0",
        "0.20",
        ["passport", "fiktionsbescheinigung", "registration_certificate"],
        ["registration", "residence"],
    ),
    ServiceSpec(
        "payout",
        "kasse",
        "99008002000000",
        _t(
            "Auszahlung (Scheck oder Überweisung)",
            "Payout (cheque or bank transfer)",
            "Виплата (чек або переказ)",
            "Выплата (чек или перевод)",
            "صرف المبلغ (شيك أو تحويل)",
            "پرداخت (چک یا حواله بانکی)",
            "Dayîna pereyan (çek an veguhastina bankê)",
        ),
        _t(
            "Die bewilligten Leistungen werden per Scheck ausgezahlt oder auf Ihr Konto "
            "überwiesen.",
            "Granted benefits are paid by cheque or transferred to your account.",
            "Призначену допомогу виплачують чеком або переказують на ваш рахунок.",
            "Назначенное пособие выплачивают чеком или переводят на ваш счёт.",
            "تُصرف المساعدات المعتمدة بشيك أو تُحوّل إلى حسابك.",
            "کمک‌هزینه تأییدشده با چک پرداخت یا به حساب شما واریز می‌شود.",
            "Alîkariya pejirandî bi çekê tê dayîn an jî li hesabê we tê veguhastin.",
        ),
        "2.0",
        "0.00",
        ["passport", "benefit_notice"],
        ["benefits"],
    ),
    ServiceSpec(
        "bank",
        "sparkasse",
        "99900002000000",
        _t(
            "Basiskonto eröffnen",
            "Opening a basic bank account",
            "Відкриття базового рахунку",
            "Открытие базового счёта",
            "فتح حساب مصرفي أساسي",
            "افتتاح حساب بانکی پایه",
            "Vekirina hesabê bankê yê bingehîn",
        ),
        _t(
            "Die Sparkasse eröffnet ein Basiskonto; dafür brauchen Sie einen Pass und die "
            "Meldebescheinigung.",
            "The savings bank opens a basic account; you need a passport and the registration "
            "certificate.",
            "Ощадний банк відкриває базовий рахунок; для цього потрібні паспорт і довідка про "
            "реєстрацію.",
            "Сберегательный банк открывает базовый счёт; для этого нужны паспорт и справка о "
            "регистрации.",
            "يفتح بنك الادخار حساباً أساسياً؛ تحتاج إلى جواز السفر وشهادة التسجيل.",
            "بانک پس‌انداز یک حساب پایه باز می‌کند؛ به گذرنامه و گواهی ثبت نیاز دارید.",
            "Sparkasse hesabekî bingehîn vedike; ji bo vê pasaport û belgeya qeydkirinê pêwîst in.",
        ),
        "6.0",
        "0.10",
        ["passport", "registration_certificate"],
        ["registration"],
    ),
    ServiceSpec(
        "housing",
        "wohnungsverwaltung",
        "99102001000000",
        _t(
            "Unterkunft und Wohnungsvermittlung",
            "Accommodation and flat placement",
            "Житло та пошук квартири",
            "Жильё и подбор квартиры",
            "السكن والمساعدة في إيجاد شقة",
            "اسکان و معرفی آپارتمان",
            "Cihê mayînê û peydakirina xaniyan",
        ),
        _t(
            "Zuweisung eines Platzes in einer Unterkunft oder Vermittlung einer Wohnung.",
            "Allocation of a place in accommodation or placement in a flat.",
            "Надання місця в гуртожитку або допомога з пошуком квартири.",
            "Предоставление места в общежитии или помощь в поиске квартиры.",
            "تخصيص مكان في سكن جماعي أو المساعدة في إيجاد شقة.",
            "اختصاص جا در اقامتگاه یا معرفی یک آپارتمان.",
            "Dabînkirina cihekî di xaniyê hevbeş de an peydakirina xaniyekî.",
        ),
        "7.0",
        "0.10",
        ["passport", "registration_certificate"],
        ["registration"],
    ),
    ServiceSpec(
        "jobs",
        "arbeitsagentur",
        "99027001000000",
        _t(
            "Beratung zu Arbeit und Ausbildung",
            "Advice on work and training",
            "Консультація щодо роботи та навчання",
            "Консультация по работе и обучению",
            "استشارة حول العمل والتدريب المهني",
            "مشاوره درباره کار و آموزش حرفه‌ای",
            "Şêwirdarî li ser kar û perwerdeya pîşeyî",
        ),
        _t(
            "Die Agentur für Arbeit berät zu Arbeitssuche, Anerkennung von Abschlüssen und "
            "Sprachkursen.",
            "The job agency advises on finding work, recognition of qualifications and "
            "language courses.",
            "Агентство з працевлаштування консультує щодо пошуку роботи, визнання дипломів і "
            "мовних курсів.",
            "Агентство по труду консультирует по поиску работы, признанию дипломов и языковым "
            "курсам.",
            "تقدم وكالة العمل الاستشارة حول البحث عن عمل والاعتراف بالشهادات ودورات اللغة.",
            "آژانس کار درباره کاریابی، به رسمیت شناختن مدارک تحصیلی و کلاس‌های زبان مشاوره می‌دهد.",
            "Ajansa Kar li ser lêgerîna kar, naskirina bawernameyan û kursên ziman şêwirdariyê "
            "dike.",
        ),
        "7.0",
        "0.30",
        ["residence_permit", "fiktionsbescheinigung", "cv", "certificates"],
        ["residence"],
    ),
    ServiceSpec(
        "basic_income",
        "jobcenter",
        "99001001000000",
        _t(
            "Grundsicherung für Arbeitsuchende (SGB II)",
            "Basic income support for jobseekers (SGB II)",
            "Базове забезпечення для шукачів роботи (SGB II)",
            "Базовое обеспечение для ищущих работу (SGB II)",
            "الضمان الأساسي للباحثين عن عمل (SGB II)",
            "تأمین پایه برای جویندگان کار (SGB II)",
            "Dabînkirina bingehîn ji bo kesên li kar digerin (SGB II)",
        ),
        _t(
            "Seit dem Rechtskreiswechsel im Juni 2022 erhalten Geflüchtete aus der Ukraine "
            "Leistungen vom Jobcenter statt vom Sozialamt.",
            "Since the change of legal regime in June 2022, refugees from Ukraine receive "
            "benefits from the Jobcenter instead of the social office.",
            "Після зміни правового режиму в червні 2022 року біженці з України отримують "
            "допомогу від Jobcenter замість соціального відомства.",
            "После смены правового режима в июне 2022 года беженцы из Украины получают "
            "пособие от Jobcenter вместо социального ведомства.",
            "منذ تغيير النظام القانوني في يونيو 2022 يحصل اللاجئون من أوكرانيا على المساعدات "
            "من مركز التوظيف (Jobcenter) بدلاً من مكتب الشؤون الاجتماعية.",
            "از زمان تغییر نظام حقوقی در ژوئن ۲۰۲۲، پناهندگان اوکراینی کمک‌هزینه را به‌جای "
            "اداره امور اجتماعی از Jobcenter دریافت می‌کنند.",
            "Ji guhertina rejîma qanûnî ya Hezîrana 2022an ve, penaberên ji Ukraynayê alîkariyê "
            "li şûna ofîsa civakî ji Jobcenterê distînin.",
        ),
        "10.0",
        "0.25",
        ["passport", "residence_permit", "registration_certificate"],
        ["registration", "residence"],
    ),
    ServiceSpec(
        "school",
        "lasub",
        "99037001000000",
        _t(
            "Schulanmeldung",
            "School enrolment",
            "Зарахування до школи",
            "Запись в школу",
            "تسجيل الأطفال في المدرسة",
            "ثبت‌نام در مدرسه",
            "Qeydkirina li dibistanê",
        ),
        _t(
            "Das Landesamt für Schule und Bildung weist schulpflichtigen Kindern einen "
            "Schulplatz zu.",
            "The state school authority (LaSuB) assigns a school place to children of school age.",
            "Земельне управління школи та освіти (LaSuB) надає місце в школі дітям шкільного віку.",
            "Земельное управление по делам школ и образования (LaSuB) предоставляет место в "
            "школе детям школьного возраста.",
            "يخصص المكتب الحكومي للمدارس والتعليم (LaSuB) مقعداً مدرسياً للأطفال في سن الدراسة.",
            "اداره ایالتی مدرسه و آموزش (LaSuB) برای کودکان در سن مدرسه جا در مدرسه تعیین می‌کند.",
            "Ofîsa Eyaletê ya Dibistan û Perwerdeyê (LaSuB) ji zarokên di temenê dibistanê de "
            "re cihê dibistanê dide.",
        ),
        "6.0",
        "0.40",
        ["passport", "birth_certificate", "registration_certificate", "school_reports"],
        ["registration"],
    ),
    ServiceSpec(
        "youth_office",
        "jugendamt",
        "99036001000000",
        _t(
            "Beratung durch das Jugendamt",
            "Youth office advice",
            "Консультація служби у справах дітей і молоді (Jugendamt)",
            "Консультация ведомства по делам детей и молодёжи (Jugendamt)",
            "استشارة مكتب رعاية الشباب (Jugendamt)",
            "مشاوره اداره جوانان (Jugendamt)",
            "Şêwirdariya ofîsa ciwanan (Jugendamt)",
        ),
        _t(
            "Beratung für Familien mit Kindern, Kita-Plätze und Hilfe für unbegleitete "
            "Minderjährige.",
            "Advice for families with children, day-care places and help for unaccompanied minors.",
            "Консультації для сімей з дітьми, місця в дитячих садках і допомога неповнолітнім "
            "без супроводу.",
            "Консультации для семей с детьми, места в детских садах и помощь "
            "несовершеннолетним без сопровождения.",
            "استشارات للعائلات التي لديها أطفال، وأماكن في رياض الأطفال، ومساعدة للقاصرين غير "
            "المصحوبين.",
            "مشاوره برای خانواده‌های دارای فرزند، جا در مهدکودک و کمک به نوجوانان بدون همراه.",
            "Şêwirdarî ji bo malbatên bi zarokan, cihên baxçeyên zarokan û alîkarî ji bo "
            "ciwanên bê hevrê.",
        ),
        "8.0",
        "0.30",
        ["passport", "birth_certificate"],
        ["reception"],
    ),
]


@dataclass(frozen=True)
class DeskGroup:
    site: str
    prefix: str
    count: int
    room: str
    # Agency codes; empty for anyone's desks (Jedermanns-Arbeitsplätze).
    agencies: tuple[str, ...] = ()


DESKS = [
    DeskGroup("messe", "E", 3, "Eingang Halle 4", ("lotsen",)),
    DeskGroup("messe", "B", 4, "Zone B", ("buergerservice",)),
    DeskGroup("messe", "A", 6, "Zone A", ("auslaenderbehoerde",)),
    DeskGroup("messe", "S", 4, "Zone S", ("sozialamt",)),
    DeskGroup("messe", "K", 2, "Zone S", ("kasse",)),
    DeskGroup("messe", "J", 2, "Zone J", ("jobcenter",)),
    DeskGroup("messe", "AA", 2, "Zone J", ("arbeitsagentur",)),
    DeskGroup("messe", "F", 2, "Familienbereich", ("jugendamt", "lasub")),
    DeskGroup("messe", "SK", 2, "Sparkasse Pop-up-Filiale", ("sparkasse",)),
    DeskGroup("messe", "W", 2, "Zone W", ("wohnungsverwaltung",)),
    DeskGroup("messe", "X", 5, "Jedermanns-Arbeitsplätze"),
    DeskGroup("hbf", "E", 2, "Ankunftshalle", ("lotsen",)),
    DeskGroup("hbf", "B", 2, "Ankunftshalle", ("buergerservice",)),
    DeskGroup("hbf", "A", 1, "Ankunftshalle", ("auslaenderbehoerde",)),
    DeskGroup("hbf", "X", 2, "Ankunftshalle"),
]


@dataclass(frozen=True)
class StaffSpec:
    username: str
    agency: str
    roles: tuple[str, ...]
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("de",)
    superuser: bool = False


# The agency of reception, which registers the people of the demo (and so holds their data).
RECEPTION = "lotsen"

# What the demo's visitors consented to at reception: (kind, share of people, recipient
# agencies, data categories). The legal bases (privacy/defaults.py) open the rest.
_PUBLIC = (
    "buergerservice", "auslaenderbehoerde", "sozialamt", "kasse", "jobcenter", "arbeitsagentur",
    "jugendamt", "lasub", "wohnungsverwaltung",
)  # fmt: skip
_REGISTRY = ("identity", "contact", "biography", "residence", "benefits")
CONSENTS = [
    ("the house", 0.7, _PUBLIC, _REGISTRY),
    ("house and bank", 0.1, (*_PUBLIC, "sparkasse"), _REGISTRY),
    ("benefit offices", 0.1, ("sozialamt", "jobcenter"), ("identity", "contact", "benefits")),
    ("none", 0.1, (), ()),
]

# The case file: one visitor in twelve has a case, led by a benefit office, with a task due
# this week and a note; every third also with the youth office, whose note is sealed. (title, task,
# note), in German: staff write their notes in German.
CASE_SHARE = 1 / 12
CASE_LEADS = ["jobcenter", "sozialamt"]
CASES = [
    ("Grundsicherung", "Bescheid erstellen", "Antrag vollständig; Kontoauszüge liegen vor."),
    ("Leistungen nach AsylbLG", "Nachweise anfordern", "Mietvertrag fehlt noch."),
    ("Rechtskreiswechsel", "Akte vom Sozialamt übernehmen", "Wechsel zum 1. des Monats."),
    ("Erstausstattung Wohnung", "Bedarf prüfen", "Familie mit zwei Kindern, Wohnung leer."),
]
YOUTH_OFFICE = "jugendamt"
YOUTH_TASK = "Hilfeplangespräch"
YOUTH_NOTE = "Beratungsgespräch mit der Mutter geführt; Unterstützung vereinbart."

# The logins the printout names. Further desk officers (`abh.2`, ...) come from EXTRA_OFFICERS.
LOGINS = [
    StaffSpec("rezeption", "lotsen", (Role.RECEPTION,), ("reception",), ("de", "en", "uk")),
    StaffSpec("lotse", "lotsen", (Role.RECEPTION,), ("reception",), ("de", "en", "ar", "ku")),
    StaffSpec(
        "buergerservice",
        "buergerservice",
        (Role.DESK_OFFICER,),
        ("registration",),
        ("de", "en"),
    ),
    StaffSpec(
        "abh", "auslaenderbehoerde", (Role.DESK_OFFICER,), ("residence",), ("de", "en", "ru")
    ),
    StaffSpec("sozialamt", "sozialamt", (Role.DESK_OFFICER,), ("benefits",), ("de", "ru")),
    StaffSpec("kasse", "kasse", (Role.DESK_OFFICER,), ("payout",), ("de",)),
    StaffSpec("jobcenter", "jobcenter", (Role.DESK_OFFICER,), ("basic_income",), ("de", "en")),
    StaffSpec(
        "arbeitsagentur", "arbeitsagentur", (Role.DESK_OFFICER,), ("jobs",), ("de", "en", "ar")
    ),
    StaffSpec("jugendamt", "jugendamt", (Role.DESK_OFFICER,), ("youth_office",), ("de", "en")),
    StaffSpec("lasub", "lasub", (Role.DESK_OFFICER,), ("school",), ("de", "uk")),
    StaffSpec("sparkasse", "sparkasse", (Role.DESK_OFFICER,), ("bank",), ("de", "en", "uk")),
    StaffSpec("wohnen", "wohnungsverwaltung", (Role.DESK_OFFICER,), ("housing",), ("de", "en")),
    # A partner organisation's adviser: sees a person only by their consent or a referral.
    StaffSpec("beratung", "migrationsberatung", (Role.PARTNER,), (), ("de", "uk", "ru", "ar")),
    # Works at anyone's desks: rotation across agencies was one of Leipzig's lessons.
    StaffSpec(
        "springer",
        "stab",
        (Role.DESK_OFFICER, Role.RECEPTION),
        ("reception", "registration", "payout"),
        ("de", "en", "ru"),
    ),
    StaffSpec("koordination", "stab", (Role.COORDINATOR,), (), ("de", "en")),
    StaffSpec("datenschutz", "stab", (Role.DATA_PROTECTION,), (), ("de", "en")),
    StaffSpec("admin", "stab", (Role.ADMINISTRATOR,), (), ("de", "en"), superuser=True),
]

# More desk officers per login, named `<login>.2`, `<login>.3`, ...; languages drawn per seed.
EXTRA_OFFICERS = {
    "rezeption": 2,
    "buergerservice": 3,
    "abh": 4,
    "sozialamt": 3,
    "kasse": 1,
    "jobcenter": 1,
    "arbeitsagentur": 1,
    "sparkasse": 1,
    "wohnen": 1,
}
EXTRA_LANGUAGES = ["en", "uk", "ru", "ar", "fa", "ku", "tr", "pl"]
# The first interpreter signs in to the live hall with this login.
INTERPRETER_LOGIN = "dolmetschen"


@dataclass(frozen=True)
class InterpreterSpec:
    origin: str  # which name pool: "uk", "ar", "fa", "ku"
    kind: str
    languages: tuple[str, ...]


INTERPRETERS = [
    InterpreterSpec("uk", "employed", ("uk", "ru", "de")),
    InterpreterSpec("uk", "employed", ("uk", "ru", "de", "en")),
    InterpreterSpec("uk", "volunteer", ("uk", "ru", "de")),
    InterpreterSpec("ru", "volunteer", ("ru", "uk", "de")),
    InterpreterSpec("ar", "employed", ("ar", "de", "en")),
    InterpreterSpec("ku", "employed", ("ku", "ar", "de")),
    InterpreterSpec("ku", "volunteer", ("ku", "ar", "tr", "de")),
    InterpreterSpec("fa", "employed", ("fa", "prs", "de")),
    InterpreterSpec("fa", "volunteer", ("fa", "prs", "ps", "de")),
]
