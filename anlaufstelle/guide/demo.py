# ruff: noqa: E501  (texts of the demo pages, one per line)
"""The demo centre's guide pages: the seven topics in German with their translations. Written
by people for the demo, not machine-translated. So that the translation status shows, the
housing page's German was changed after its Arabic translation (outdated there) and the
emergency numbers are not yet translated into Kurmanji or Farsi (missing there)."""

from __future__ import annotations

from anlaufstelle.guide.models import GuidePage, GuidePageTranslation

# slug, topic, {language: (title, text)}; "de" is the source.
PAGES: list[tuple[str, str, dict[str, tuple[str, str]]]] = [
    (
        "ankommen",
        "arrival",
        {
            "de": (
                "Ankommen",
                "Melden Sie Ihre Wohnadresse innerhalb von zwei Wochen an.\n\nBringen Sie Ihren Pass und die Bestätigung Ihres Vermieters oder Ihrer Unterkunft mit.",
            ),
            "en": (
                "Arriving",
                "Register your home address within two weeks.\n\nBring your passport and the confirmation from your landlord or your accommodation.",
            ),
            "uk": (
                "Прибуття",
                "Зареєструйте свою адресу проживання протягом двох тижнів.\n\nВізьміть паспорт і підтвердження від орендодавця або місця проживання.",
            ),
            "ru": (
                "Прибытие",
                "Зарегистрируйте свой адрес проживания в течение двух недель.\n\nВозьмите паспорт и подтверждение от арендодателя или места проживания.",
            ),
            "ar": (
                "الوصول",
                "سجّل عنوان سكنك خلال أسبوعين.\n\nأحضر جواز سفرك وتأكيد المؤجر أو مكان الإقامة.",
            ),
            "fa": (
                "ورود",
                "نشانی محل زندگی خود را ظرف دو هفته ثبت کنید.\n\nگذرنامه و تأییدیه صاحبخانه یا محل اقامت خود را همراه بیاورید.",
            ),
            "ku": (
                "Hatin",
                "Navnîşana xwe ya malê di nav du hefteyan de qeyd bikin.\n\nPasaporta xwe û pejirandina xwediyê malê an cihê mayînê bînin.",
            ),
        },
    ),
    (
        "wohnen",
        "housing",
        {
            "de": (
                "Wohnen",
                "Die Wohnraumverwaltung hilft Ihnen, eine Unterkunft oder Wohnung zu finden.\n\nFragen Sie am Empfang nach einem Termin. Neu: Wohnungsangebote hängen auch an der Pinnwand im Foyer.",
            ),
            "en": (
                "Housing",
                "The housing administration helps you to find accommodation or a flat.\n\nAsk at reception for an appointment. New: flat offers are also on the pinboard in the foyer.",
            ),
            "uk": (
                "Житло",
                "Житлова служба допомагає знайти місце проживання або квартиру.\n\nЗапитайте про запис на рецепції. Нове: пропозиції квартир також висять на дошці у фоє.",
            ),
            "ru": (
                "Жильё",
                "Жилищная служба помогает найти место проживания или квартиру.\n\nСпросите о записи на ресепшене. Новое: предложения квартир также висят на доске в фойе.",
            ),
            # Made from the first German version (before the pinboard was added): outdated.
            "ar": (
                "السكن",
                "تساعدك إدارة السكن في العثور على مكان إقامة أو شقة.\n\nاسأل في الاستقبال عن موعد.",
            ),
            "fa": (
                "مسکن",
                "اداره مسکن به شما کمک می‌کند محل اقامت یا آپارتمان پیدا کنید.\n\nبرای نوبت در پذیرش بپرسید. جدید: آگهی‌های آپارتمان روی تابلوی اعلانات در سرسرا هم هست.",
            ),
            "ku": (
                "Mal",
                "Rêveberiya xaniyan alîkariya we dike ku cihê mayînê an xaniyek bibînin.\n\nJi bo randevûyê li resepsiyonê bipirsin. Nû: pêşniyarên xaniyan li ser panoya li holê jî hene.",
            ),
        },
    ),
    (
        "schule",
        "school",
        {
            "de": (
                "Schule",
                "In Deutschland müssen alle Kinder zur Schule gehen.\n\nDas Schulamt sucht mit Ihnen einen Platz. Bringen Sie Zeugnisse mit, wenn Sie welche haben.",
            ),
            "en": (
                "School",
                "In Germany all children must go to school.\n\nThe school authority finds a place with you. Bring school reports if you have any.",
            ),
            "uk": (
                "Школа",
                "У Німеччині всі діти повинні ходити до школи.\n\nШкільне управління разом з вами знайде місце. Візьміть табелі, якщо вони у вас є.",
            ),
            "ru": (
                "Школа",
                "В Германии все дети должны ходить в школу.\n\nШкольное управление вместе с вами найдёт место. Возьмите табели, если они у вас есть.",
            ),
            "ar": (
                "المدرسة",
                "في ألمانيا يجب على جميع الأطفال الذهاب إلى المدرسة.\n\nتبحث إدارة المدارس معك عن مكان. أحضر الشهادات المدرسية إن وجدت.",
            ),
            "fa": (
                "مدرسه",
                "در آلمان همه کودکان باید به مدرسه بروند.\n\nاداره مدارس همراه شما جایی پیدا می‌کند. اگر کارنامه دارید همراه بیاورید.",
            ),
            "ku": (
                "Dibistan",
                "Li Almanyayê divê hemû zarok biçin dibistanê.\n\nRêveberiya dibistanan bi we re cihekî dibîne. Heke karnameyên we hebin, bînin.",
            ),
        },
    ),
    (
        "arbeit",
        "work",
        {
            "de": (
                "Arbeit",
                "Die Agentur für Arbeit und das Jobcenter beraten zu Arbeit, Ausbildung und Sprachkursen.\n\nBringen Sie Zeugnisse und Nachweise über Ihre Berufserfahrung mit.",
            ),
            "en": (
                "Work",
                "The job agency and the Jobcenter advise on work, training and language courses.\n\nBring certificates and proof of your work experience.",
            ),
            "uk": (
                "Робота",
                "Агентство з працевлаштування та Jobcenter консультують щодо роботи, навчання та мовних курсів.\n\nВізьміть свідоцтва та підтвердження досвіду роботи.",
            ),
            "ru": (
                "Работа",
                "Агентство по труду и Jobcenter консультируют по работе, обучению и языковым курсам.\n\nВозьмите свидетельства и подтверждения опыта работы.",
            ),
            "ar": (
                "العمل",
                "تقدم وكالة العمل ومركز التوظيف المشورة حول العمل والتدريب ودورات اللغة.\n\nأحضر الشهادات وإثباتات خبرتك المهنية.",
            ),
            "fa": (
                "کار",
                "اداره کار و جاب‌سنتر درباره کار، کارآموزی و کلاس زبان مشاوره می‌دهند.\n\nمدارک تحصیلی و سوابق کاری خود را همراه بیاورید.",
            ),
            "ku": (
                "Kar",
                "Ajansa Kar û Jobcenter li ser kar, perwerdehiya pîşeyî û kursên zimên şêwirmendiyê didin.\n\nBelge û delîlên ezmûna xwe ya kar bînin.",
            ),
        },
    ),
    (
        "gesundheit",
        "health",
        {
            "de": (
                "Gesundheit",
                "Mit einer Krankenversicherung können Sie zum Arzt gehen.\n\nIm Notfall gehen Sie in die Notaufnahme eines Krankenhauses.",
            ),
            "en": (
                "Health",
                "With health insurance you can see a doctor.\n\nIn an emergency go to the emergency department of a hospital.",
            ),
            "uk": (
                "Здоров'я",
                "З медичним страхуванням ви можете звертатися до лікаря.\n\nУ надзвичайній ситуації йдіть до приймального відділення лікарні.",
            ),
            "ru": (
                "Здоровье",
                "С медицинской страховкой вы можете обращаться к врачу.\n\nВ экстренном случае идите в приёмное отделение больницы.",
            ),
            "ar": (
                "الصحة",
                "مع التأمين الصحي يمكنك زيارة الطبيب.\n\nفي حالة الطوارئ اذهب إلى قسم الطوارئ في المستشفى.",
            ),
            "fa": (
                "سلامت",
                "با بیمه درمانی می‌توانید به پزشک مراجعه کنید.\n\nدر شرایط اضطراری به بخش اورژانس بیمارستان بروید.",
            ),
            "ku": (
                "Tenduristî",
                "Bi sîgorteya tenduristiyê hûn dikarin biçin cem bijîşk.\n\nDi rewşa acîl de biçin beşa acîl a nexweşxaneyê.",
            ),
        },
    ),
    (
        "beratung",
        "counselling",
        {
            "de": (
                "Beratung",
                "Die Migrationsberatung hilft kostenlos bei Fragen zu Aufenthalt, Familie und Alltag.\n\nDie Beratung ist vertraulich.",
            ),
            "en": (
                "Counselling",
                "Migration counselling helps free of charge with questions about residence, family and everyday life.\n\nCounselling is confidential.",
            ),
            "uk": (
                "Консультації",
                "Міграційна консультація безкоштовно допомагає з питаннями перебування, сім'ї та повсякденного життя.\n\nКонсультація конфіденційна.",
            ),
            "ru": (
                "Консультации",
                "Миграционная консультация бесплатно помогает с вопросами пребывания, семьи и повседневной жизни.\n\nКонсультация конфиденциальна.",
            ),
            "ar": (
                "الاستشارة",
                "تساعد استشارة الهجرة مجاناً في أسئلة الإقامة والأسرة والحياة اليومية.\n\nالاستشارة سرية.",
            ),
            "fa": (
                "مشاوره",
                "مشاوره مهاجرت به‌طور رایگان در پرسش‌های مربوط به اقامت، خانواده و زندگی روزمره کمک می‌کند.\n\nمشاوره محرمانه است.",
            ),
            "ku": (
                "Şêwirmendî",
                "Şêwirmendiya koçberiyê bêpere di pirsên mayînê, malbatê û jiyana rojane de alîkarî dike.\n\nŞêwirmendî nepenî ye.",
            ),
        },
    ),
    (
        "notrufnummern",
        "emergency",
        {
            "de": (
                "Notrufnummern",
                "Polizei: 110\n\nFeuerwehr und Rettungsdienst: 112\n\nÄrztlicher Bereitschaftsdienst: 116 117",
            ),
            "en": (
                "Emergency numbers",
                "Police: 110\n\nFire brigade and ambulance: 112\n\nOut-of-hours doctor: 116 117",
            ),
            "uk": (
                "Екстрені номери",
                "Поліція: 110\n\nПожежна служба та швидка допомога: 112\n\nЧергова лікарська служба: 116 117",
            ),
            "ru": (
                "Экстренные номера",
                "Полиция: 110\n\nПожарная служба и скорая помощь: 112\n\nДежурная врачебная служба: 116 117",
            ),
            "ar": (
                "أرقام الطوارئ",
                "الشرطة: 110\n\nالإطفاء والإسعاف: 112\n\nالطبيب المناوب: 116 117",
            ),
            # Not yet translated into Farsi or Kurmanji: the guide shows the German with a note.
        },
    ),
]
# The housing page's German was changed once after the Arabic translation was made: the
# German it was made from ended before the pinboard sentence.
OUTDATED = {("wohnen", "ar")}
PINBOARD = " Neu: Wohnungsangebote hängen auch an der Pinnwand im Foyer."


def load() -> int:
    """The demo's guide pages; returns how many."""
    for order, (slug, topic, texts) in enumerate(PAGES):
        title, body = texts["de"]
        outdated = any(s == slug for s, _l in OUTDATED)
        page = GuidePage.objects.create(
            slug=slug,
            topic=topic,
            order=order,
            title=title,
            body=body,
            version=2 if outdated else 1,
        )
        for language, (t_title, t_body) in texts.items():
            if language == "de":
                continue
            old = (slug, language) in OUTDATED
            GuidePageTranslation.objects.create(
                page=page,
                language=language,
                title=t_title,
                body=t_body,
                source_version=1 if old else page.version,
                source_title=title,
                source_body=body.replace(PINBOARD, "") if old else body,
            )
    return len(PAGES)
