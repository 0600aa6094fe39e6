"""The case patterns the demo generator draws from, as the source document and NGO reports describe
them: migrant labour on building sites and farms, Dagestan's brick factories, sexual exploitation
of women on false promises, domestic servitude, forced begging, prison labour (12–16 h days for a
few euros a month) and forced military recruitment of prisoners, conscripts and migrants.

Codes are the HTCDS values of ``codes``; places and narratives are in Russian (as caseworkers write
them) with some narratives in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from palermo.cases.codes import (
    CaseType,
    Exploitation,
    Industry,
    MeansOfControl,
    PerpetratorRole,
    Recruitment,
    Relationship,
    SexExploitation,
)

M = MeansOfControl
R = Recruitment
P = PerpetratorRole


@dataclass(frozen=True)
class PerpetratorSpec:
    roles: tuple[str, ...]
    #: Whose names: "origin" (the victim's country), "RU", "DAG" (Dagestan), "official" (unnamed).
    names: str
    details: tuple[str, ...]
    female_share: float = 0.1
    #: Details for a woman, where the words differ.
    details_female: tuple[str, ...] = ()
    #: Chance that this perpetrator is recorded at all.
    share: float = 1.0


@dataclass(frozen=True)
class Pattern:
    key: str
    case_type: str
    exploitation: tuple[str, ...]
    industries: tuple[str, ...]
    origins: tuple[tuple[str, int], ...]
    female_share: float
    ages: tuple[int, int]
    means_always: tuple[str, ...]
    means_pool: tuple[str, ...]
    recruitment: tuple[str, ...]
    relationships: tuple[str, ...]
    #: (country, region, place); ``{n}`` in a place becomes a number (colony, unit).
    destinations: tuple[tuple[str, str, str], ...]
    perpetrators: tuple[PerpetratorSpec, ...]
    #: (Russian, English) narrative templates.
    narratives: tuple[tuple[str, str], ...]
    sex_exploitation: tuple[str, ...] = ()
    minor_share: float = 0.0
    hours: tuple[int, int] = (11, 14)
    group_share: float = 0.1
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)


MIGRANTS = (("UZ", 5), ("TJ", 4), ("KG", 3), ("UA", 1))

CONSTRUCTION = Pattern(
    key="construction",
    case_type=CaseType.FORCED_LABOUR,
    exploitation=(Exploitation.FORCED_LABOUR,),
    industries=(Industry.F,),
    origins=(*MIGRANTS, ("RU", 1)),
    female_share=0.05,
    ages=(19, 52),
    means_always=(M.WITHHOLDS_DOCUMENTS,),
    means_pool=(M.DEBT_BONDAGE, M.TAKES_EARNINGS, M.THREATS_LAW_ENFORCEMENT,
                M.EXCESSIVE_HOURS, M.FALSE_PROMISES, M.PHYSICAL_THREATS),
    recruitment=(R.FRIENDS, R.ONLINE_ADVERT, R.SOCIAL_NETWORKS, R.FAMILY),
    relationships=(Relationship.ACQUAINTED, Relationship.UNACQUAINTED),
    destinations=(("RU", "Moscow", "стройплощадка жилого комплекса, Новая Москва"),
                  ("RU", "Moscow Oblast", "строительство склада, Подольск"),
                  ("RU", "St Petersburg", "стройплощадка, Мурино"),
                  ("RU", "Leningrad Oblast", "коттеджный посёлок, Всеволожский район"),
                  ("RU", "Kaliningrad Oblast", "стройка, Калининград"),
                  ("RU", "Krasnodar Krai", "стройка гостиницы, Сочи")),
    perpetrators=(
        PerpetratorSpec((P.RECRUITER,), "origin", ("вербовщик, земляк", "посредник из кишлака")),
        PerpetratorSpec((P.EXPLOITER, P.CONTROLLED), "RU",
                        ("бригадир", "прораб субподрядчика", "директор ООО-субподрядчика")),
        PerpetratorSpec((P.HARBOURED,), "RU", ("комендант общежития",), share=0.3),
    ),
    narratives=(
        ("Завербован{a} через знакомого ({origin}): обещали работу на стройке за {promise} руб. "
         "в месяц. На объекте ({place}) бригадир забрал паспорт «для оформления патента» и "
         "объявил долг {debt} руб. за дорогу и жильё. Работа по {hours} ч без выходных, жильё в "
         "вагончике; за {months} мес. выплачивали только на еду. На просьбу уйти — угрозы "
         "сдать в полицию как нелегала.",
         "Recruited in {origin} by an acquaintance for building work at {promise} roubles a "
         "month. At the site ({place}) the foreman took the passport 'to arrange the work "
         "patent' and announced a debt of {debt} roubles for travel and lodging. {hours}-hour "
         "days without a day off for {months} months, paid only food money; threatened with "
         "the police and deportation when asking to leave."),
    ),
    hours=(11, 15),
    group_share=0.2,
)

AGRICULTURE = Pattern(
    key="agriculture",
    case_type=CaseType.FORCED_LABOUR,
    exploitation=(Exploitation.FORCED_LABOUR,),
    industries=(Industry.A,),
    origins=(*MIGRANTS, ("RU", 2), ("VN", 1)),
    female_share=0.35,
    ages=(18, 58),
    means_always=(M.TAKES_EARNINGS,),
    means_pool=(M.WITHHOLDS_DOCUMENTS, M.DEBT_BONDAGE, M.EXCESSIVE_HOURS, M.FALSE_PROMISES,
                M.WITHHOLDS_NECESSITIES, M.THREATS_LAW_ENFORCEMENT),
    recruitment=(R.ONLINE_ADVERT, R.FRIENDS, R.NEWSPAPER_ADVERT, R.SOCIAL_NETWORKS),
    relationships=(Relationship.UNACQUAINTED, Relationship.ACQUAINTED),
    destinations=(("RU", "Astrakhan Oblast", "тепличный комплекс, Приволжский район"),
                  ("RU", "Volgograd Oblast", "овощеводческое хозяйство под Волжским"),
                  ("RU", "Krasnodar Krai", "садоводческое хозяйство, Крымский район"),
                  ("RU", "Moscow Oblast", "теплицы, Дмитровский район"),
                  ("RU", "Rostov Oblast", "ферма, Азовский район")),
    perpetrators=(
        PerpetratorSpec((P.RECRUITER,), "origin", ("посредник", "бригадир-вербовщик")),
        PerpetratorSpec((P.EXPLOITER,), "RU", ("владелец хозяйства", "управляющий теплицами")),
    ),
    narratives=(
        ("Приехал{a} на сезонные работы в теплицы ({place}) по объявлению. Работодатель держал "
         "документы и зарплату «до конца сезона», рабочий день {hours} ч; долг за жильё и "
         "питание рос каждый месяц и дошёл до {debt} руб. Через {months} мес. уш{went} "
         "вместе с другими работниками.",
         "Came for seasonal work in the greenhouses ({place}) after an advertisement. The "
         "employer kept the documents and the wages 'until the end of the season'; {hours}-hour "
         "days; the debt for food and lodging grew every month to {debt} roubles. Left after "
         "{months} months together with other workers."),
    ),
    group_share=0.25,
)

BRICK_FACTORY = Pattern(
    key="brick_factory",
    case_type=CaseType.TRAFFICKING,
    exploitation=(Exploitation.FORCED_LABOUR, Exploitation.SERVITUDE),
    industries=(Industry.C,),
    origins=(("RU", 6), ("UZ", 2), ("KG", 1)),
    female_share=0.03,
    ages=(22, 60),
    means_always=(M.WITHHOLDS_DOCUMENTS, M.PHYSICAL_ABUSE),
    means_pool=(M.WITHHOLDS_NECESSITIES, M.PSYCHOACTIVE, M.TAKES_EARNINGS, M.PHYSICAL_THREATS,
                M.EXCESSIVE_HOURS, M.FALSE_PROMISES),
    recruitment=(R.OTHER, R.PLACE_OF_BUSINESS),
    relationships=(Relationship.UNACQUAINTED,),
    destinations=(("RU", "Republic of Dagestan", "кирпичный завод, Каспийск"),
                  ("RU", "Republic of Dagestan", "кирпичный завод, посёлок Манас"),
                  ("RU", "Republic of Dagestan", "кирпичный завод под Махачкалой"),
                  ("RU", "Republic of Dagestan", "кирпичный завод, Карабудахкентский район")),
    perpetrators=(
        PerpetratorSpec((P.RECRUITER, P.TRANSPORTER), "RU",
                        ("вербовщик на вокзале", "водитель, привёзший на завод")),
        PerpetratorSpec((P.EXPLOITER, P.CONTROLLED, P.ABUSER), "DAG",
                        ("владелец кирпичного завода", "надсмотрщик")),
        PerpetratorSpec((P.BOUGHT,), "DAG", ("купил работника у вербовщика",), share=0.4),
    ),
    narratives=(
        ("На Казанском вокзале в Москве подошёл мужчина и предложил работу на юге за {promise} "
         "руб. в месяц. Отвезли на кирпичный завод ({place}), паспорт отобрали. Работа по "
         "{hours} ч без оплаты, за отказ избивали, давали алкоголь. Освобождён через {months} "
         "мес. при проверке.",
         "Approached at a Moscow railway station with an offer of work in the south at "
         "{promise} roubles a month. Taken to a brick factory ({place}); passport taken. "
         "{hours}-hour days without pay, beaten for refusing, given alcohol. Freed during an "
         "inspection after {months} months."),
    ),
    hours=(12, 16),
)

SEXUAL = Pattern(
    key="sexual_exploitation",
    case_type=CaseType.TRAFFICKING,
    exploitation=(Exploitation.SEXUAL,),
    industries=("",),
    origins=(("NG", 4), ("RU", 3), ("UA", 2), ("UZ", 2), ("KG", 2), ("VN", 1)),
    female_share=0.97,
    ages=(17, 34),
    means_always=(M.FALSE_PROMISES,),
    means_pool=(M.DEBT_BONDAGE, M.WITHHOLDS_DOCUMENTS, M.PHYSICAL_THREATS, M.THREATENS_FAMILY,
                M.PSYCHOLOGICAL_ABUSE, M.SEXUAL_ABUSE, M.TAKES_EARNINGS, M.PSYCHOACTIVE),
    recruitment=(R.ONLINE_ADVERT, R.SOCIAL_NETWORKS, R.FRIENDS, R.FAMILY),
    relationships=(Relationship.ACQUAINTED, Relationship.UNACQUAINTED, Relationship.FAMILIAL),
    destinations=(("RU", "Moscow", "квартира-притон, Москва"),
                  ("RU", "St Petersburg", "сауна, Санкт-Петербург"),
                  ("RU", "Moscow Oblast", "«массажный салон», Химки"),
                  ("RU", "Republic of Tatarstan", "гостиница, Казань"),
                  ("AE", "Dubai", "квартира, Дубай"),
                  ("TR", "Antalya", "ночной клуб, Анталья")),
    perpetrators=(
        PerpetratorSpec((P.RECRUITER,), "origin", ("вербовщик, знакомый семьи",),
                        female_share=0.7,
                        details_female=("вербовщица, знакомая семьи", "«подруга»")),
        PerpetratorSpec((P.EXPLOITER, P.CONTROLLED), "origin", ("сутенёр",),
                        female_share=0.5, details_female=("«мадам»",)),
        PerpetratorSpec((P.TRANSPORTER, P.BROKER), "RU", ("оформлял билеты и приглашение",),
                        share=0.4),
    ),
    narratives=(
        ("Откликнулась на объявление о работе {job} ({region}) за {promise} руб. в месяц, "
         "дорогу оплатил посредник. По прибытии паспорт забрали, объявили долг {debt} руб. и "
         "принуждали к оказанию сексуальных услуг ({place}); угрожали родственникам. "
         "Обратилась за помощью через {months} мес.",
         "Answered an advertisement for work as a {job_en} ({region}) at {promise} roubles a "
         "month; an intermediary paid the journey. On arrival her passport was taken, she was "
         "told she owed {debt} roubles and was forced into prostitution ({place}); her family "
         "was threatened. Sought help after {months} months."),
    ),
    sex_exploitation=(SexExploitation.PROSTITUTION, SexExploitation.PRIVATE,
                      SexExploitation.REMOTE, SexExploitation.PORNOGRAPHY),
    minor_share=0.08,
    extra={"job": ("официанткой", "няней", "администратором салона", "танцовщицей",
                   "парикмахером"),
           "job_en": ("waitress", "nanny", "salon receptionist", "dancer", "hairdresser")},
)

DOMESTIC = Pattern(
    key="domestic_servitude",
    case_type=CaseType.TRAFFICKING,
    exploitation=(Exploitation.SERVITUDE, Exploitation.FORCED_LABOUR),
    industries=(Industry.T,),
    origins=(("UZ", 3), ("TJ", 2), ("KG", 3), ("VN", 1), ("RU", 1), ("NG", 1)),
    female_share=0.85,
    ages=(16, 55),
    means_always=(M.WITHHOLDS_DOCUMENTS,),
    means_pool=(M.RESTRICTS_FINANCES, M.PSYCHOLOGICAL_ABUSE, M.EXCESSIVE_HOURS,
                M.TAKES_EARNINGS, M.PHYSICAL_ABUSE, M.RESTRICTS_MEDICAL, M.SEXUAL_ABUSE),
    recruitment=(R.FAMILY, R.FRIENDS, R.SOCIAL_NETWORKS),
    relationships=(Relationship.ACQUAINTED, Relationship.FAMILIAL),
    destinations=(("RU", "Moscow Oblast", "частный дом, Рублёво-Успенское шоссе"),
                  ("RU", "Moscow", "квартира, Москва"),
                  ("RU", "St Petersburg", "квартира, Петроградская сторона"),
                  ("RU", "Republic of Dagestan", "частный дом, Дербент")),
    perpetrators=(
        PerpetratorSpec((P.EXPLOITER, P.HARBOURED), "RU", ("хозяин дома",),
                        female_share=0.6, details_female=("хозяйка дома",)),
        PerpetratorSpec((P.RECRUITER,), "origin", ("родственник", "знакомый по общине"),
                        female_share=0.7, share=0.6,
                        details_female=("родственница", "знакомая по общине")),
    ),
    narratives=(
        ("Работал{a} домработницей и няней ({place}). Хозяева забрали паспорт, одн{a_alone} "
         "из дома не выпускали, работа с 6 утра до ночи ({hours} ч) без выходных. Обещанные "
         "{promise} руб. в месяц не выплачивались {months} мес.",
         "Worked as a housekeeper and nanny in a household ({place}). The employers took the "
         "passport and did not let the person out alone; work from 6 a.m. until late at night "
         "({hours} hours) without days off. The promised {promise} roubles a month were not "
         "paid for {months} months."),
    ),
    hours=(14, 17),
    group_share=0.0,
)

BEGGING = Pattern(
    key="forced_begging",
    case_type=CaseType.TRAFFICKING,
    exploitation=(Exploitation.FORCED_BEGGING,),
    industries=("",),
    origins=(("RU", 3), ("UZ", 2), ("TJ", 2), ("UA", 1)),
    female_share=0.4,
    ages=(10, 70),
    means_always=(M.TAKES_EARNINGS,),
    means_pool=(M.PHYSICAL_ABUSE, M.WITHHOLDS_DOCUMENTS, M.PHYSICAL_THREATS,
                M.WITHHOLDS_NECESSITIES, M.PSYCHOACTIVE),
    recruitment=(R.FAMILY, R.FRIENDS, R.OTHER),
    relationships=(Relationship.FAMILIAL, Relationship.ACQUAINTED, Relationship.UNACQUAINTED),
    destinations=(("RU", "Moscow", "переход у станции метро «Комсомольская»"),
                  ("RU", "Moscow", "электрички Ярославского направления"),
                  ("RU", "St Petersburg", "Невский проспект у «Гостиного двора»"),
                  ("RU", "Moscow Oblast", "рынок, Люберцы")),
    perpetrators=(
        PerpetratorSpec((P.EXPLOITER, P.CONTROLLED, P.TRANSPORTER), "origin",
                        ("«хозяин»", "«бригадир» попрошаек"), female_share=0.3,
                        details_female=("«хозяйка»",)),
    ),
    narratives=(
        ("Привезли в {region} «на работу»; вместо этого заставляли просить милостыню "
         "({place}) по {hours} ч в день, всю выручку забирали, за недостаточную выручку били. "
         "Документы у «хозяина». Выявлен{a} полицией через {months} мес.",
         "Brought to {region} 'for work' and made to beg ({place}) {hours} hours a day; all "
         "the takings were confiscated and too little meant a beating. The 'boss' kept the "
         "documents. Found by the police after {months} months."),
    ),
    minor_share=0.25,
    hours=(10, 14),
    group_share=0.15,
)

PRISON = Pattern(
    key="prison_labour",
    case_type=CaseType.PRISON_LABOUR,
    exploitation=(Exploitation.FORCED_LABOUR,),
    industries=(Industry.C, Industry.C, Industry.A),
    origins=(("RU", 12), ("UA", 1), ("UZ", 1), ("TJ", 1)),
    female_share=0.2,
    ages=(20, 60),
    means_always=(M.EXCESSIVE_HOURS, M.TAKES_EARNINGS),
    means_pool=(M.THREATS_LAW_ENFORCEMENT, M.PHYSICAL_THREATS, M.WITHHOLDS_NECESSITIES,
                M.RESTRICTS_MEDICAL, M.PHYSICAL_ABUSE, M.PSYCHOLOGICAL_ABUSE),
    recruitment=(),
    relationships=(Relationship.UNACQUAINTED,),
    destinations=(("RU", "Republic of Mordovia", "ИК-{n}, Мордовия"),
                  ("RU", "Perm Krai", "ИК-{n}, Пермский край"),
                  ("RU", "Krasnoyarsk Krai", "ИК-{n}, Красноярский край"),
                  ("RU", "Sverdlovsk Oblast", "ИК-{n}, Свердловская область"),
                  ("RU", "Komi Republic", "ИК-{n}, Республика Коми"),
                  ("RU", "Vladimir Oblast", "ИК-{n}, Владимирская область"),
                  ("RU", "Republic of Karelia", "ИК-{n}, Карелия")),
    perpetrators=(
        PerpetratorSpec((P.EXPLOITER, P.CONTROLLED), "official",
                        ("администрация исправительной колонии", "начальник производства ЦТАО")),
        PerpetratorSpec((P.ABUSER,), "official", ("начальник отряда", "сотрудник оперчасти"),
                        share=0.5),
    ),
    narratives=(
        ("Отбывает наказание в {place}. Работа на {shop} по {hours} ч в день, 6 дней в неделю; "
         "начисляется {wage} руб. в месяц (около {eur} евро). За отказ выйти на смену или "
         "жалобу — ШИЗО и лишение свиданий; жалобы через администрацию не доходят.",
         "Serving a sentence in {place}. Works in the {shop_en} {hours} hours a day, six days "
         "a week, credited {wage} roubles a month (about {eur} euros). Refusing a shift or "
         "complaining is punished with the punishment cell and loss of visits; complaints "
         "sent through the administration go nowhere."),
    ),
    hours=(12, 16),
    group_share=0.1,
    extra={"shop": ("швейном производстве", "деревообработке", "лесозаготовке",
                    "производстве металлоизделий"),
           "shop_en": ("sewing shop", "woodworking shop", "logging site", "metal shop")},
)

MILITARY = Pattern(
    key="military_recruitment",
    case_type=CaseType.FORCED_MILITARY,
    exploitation=(Exploitation.FORCED_MILITARY,),
    industries=(Industry.O,),
    origins=(("RU", 8), ("UZ", 1), ("TJ", 1), ("KG", 1)),
    female_share=0.0,
    ages=(19, 55),
    means_always=(M.THREATS_LAW_ENFORCEMENT,),
    means_pool=(M.FALSE_PROMISES, M.PSYCHOLOGICAL_ABUSE, M.PHYSICAL_THREATS,
                M.WITHHOLDS_DOCUMENTS, M.THREATENS_FAMILY),
    recruitment=(R.OTHER, R.AT_WORK),
    relationships=(Relationship.UNACQUAINTED,),
    destinations=(("UA", "Donetsk Oblast", "зона боевых действий, Донецкая область"),
                  ("UA", "Zaporizhzhia Oblast", "зона боевых действий, Запорожская область"),
                  ("UA", "Luhansk Oblast", "зона боевых действий, Луганская область"),
                  ("RU", "Kursk Oblast", "приграничье, Курская область"),
                  ("RU", "Belgorod Oblast", "приграничье, Белгородская область")),
    perpetrators=(
        PerpetratorSpec((P.RECRUITER,), "official",
                        ("вербовщик частной военной компании",
                         "представитель Минобороны (отряд «Шторм Z»)", "сотрудник военкомата",
                         "командир воинской части")),
        PerpetratorSpec((P.CONTROLLED,), "official", ("командир подразделения",), share=0.4),
    ),
    narratives=(
        ("В колонии ({recruited_at}) вербовщики обещали помилование и {promise} руб. в месяц; "
         "отказавшимся угрожали новыми делами и ШИЗО. Подписал контракт под давлением, "
         "направлен в {place}.",
         "In the penal colony ({recruited_at}) recruiters promised a pardon and {promise} "
         "roubles a month; those who refused were threatened with new charges and the "
         "punishment cell. Signed under pressure and was sent to the front ({place})."),
        ("Срочнику в части ({recruited_at}) угрожали уголовным делом, если не подпишет "
         "контракт; после подписания направлен в {place}. Заявления о расторжении "
         "контракта не принимают.",
         "A conscript at his unit ({recruited_at}) was threatened with prosecution unless he "
         "signed a contract; after signing he was sent to {place}. Requests to end the "
         "contract are refused."),
    ),
    extra={"migrant": (
        "При продлении патента ({recruited_at}) задержан, предложено подписать контракт с "
        "Минобороны под угрозой депортации и уголовного дела; паспорт изъят. Направлен в "
        "{place}.",
        "Detained when renewing the work patent ({recruited_at}) and told to sign a military "
        "contract or face deportation and prosecution; passport confiscated. Sent to {place}.")},
    group_share=0.05,
)

PATTERNS: dict[str, Pattern] = {p.key: p for p in (
    CONSTRUCTION, AGRICULTURE, BRICK_FACTORY, SEXUAL, DOMESTIC, BEGGING, PRISON, MILITARY)}

#: Pattern weights per kind of organisation (the demo organisations' keys, and ``any``).
PROFILES: dict[str, dict[str, float]] = {
    # The Moscow NGO: migrants, Dagestan rescues, women, begging.
    "A": {"construction": 3, "agriculture": 1, "brick_factory": 2, "sexual_exploitation": 2,
          "domestic_servitude": 2, "forced_begging": 1.5, "prison_labour": 0.5,
          "military_recruitment": 0.5},
    # The St Petersburg women's shelter.
    "B": {"sexual_exploitation": 5, "domestic_servitude": 3, "forced_begging": 1,
          "construction": 0.3, "agriculture": 0.5},
    # Legal aid: prisoners, recruits, and the cases that go to court.
    "legal": {"prison_labour": 4, "military_recruitment": 4, "construction": 1,
              "brick_factory": 1, "sexual_exploitation": 0.5},
    # The labour inspectorate: workplaces.
    "inspectorate": {"construction": 4, "agriculture": 3, "brick_factory": 0.5,
                     "domestic_servitude": 0.5},
    "national": dict.fromkeys(PATTERNS, 1.0),
    "any": dict.fromkeys(PATTERNS, 1.0),
}

#: Perpetrators from Dagestan (brick factories, some households).
DAGESTAN_NAMES = ("Магомед Магомедов", "Гаджи Гаджиев", "Шамиль Алиев", "Руслан Абдулаев",
                  "Ахмед Исмаилов", "Арсен Курбанов", "Марат Омаров")
