"""Names, places and document formats for the synthetic demo persons (``demo_data``).

Each name is ``(original script, passport Latin, *other Latin spellings seen in documents)``: a
Russian migration card, a work patent and a consular list often spell the same Uzbek or Tajik name
three ways (Юлдашев → Yuldashev, Yuldashyev, Iuldashev). Vietnamese names are Latin with
diacritics, with the undiacritised passport spelling and the Cyrillic transcription Russian police
write; Nigerian names are Latin only, sometimes recorded in Cyrillic by the police.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

Name = tuple[str, ...]


@dataclass(frozen=True)
class Country:
    code: str
    male: tuple[Name, ...]
    female: tuple[Name, ...]
    family: tuple[Name, ...]
    #: (masculine, feminine) Russian-style patronymics in Cyrillic; empty where none is used.
    patronymics: tuple[tuple[str, str], ...]
    languages: tuple[str, ...]
    regions: tuple[str, ...]
    #: Share of persons of this country whose name Russian police also wrote in Cyrillic (only
    #: for Latin-script names).
    cyrillic_records: float = 0.0
    #: Latin-script names (Vietnam, Nigeria): the original-script fields hold them as written.
    latin_script: bool = False


def feminine(name: Name) -> Name:
    """The feminine form of a Slavic-style family name (Каримов → Каримова, Karimov → Karimova)."""
    if name[0].endswith(("ов", "ев", "ёв", "ин")):
        return tuple(part + ("а" if i == 0 else "a") for i, part in enumerate(name))
    if name[0].endswith("ский"):
        return (name[0][:-2] + "ая", *(p[:-1] + "aya" if p.endswith("y") else p + "a"
                                       for p in name[1:]))
    return name


RUSSIA = Country(
    code="RU",
    male=(("Алексей", "Aleksei", "Aleksey", "Alexey"), ("Дмитрий", "Dmitrii", "Dmitriy"),
          ("Сергей", "Sergei", "Sergey"), ("Андрей", "Andrei", "Andrey"), ("Иван", "Ivan"),
          ("Николай", "Nikolai", "Nikolay"), ("Виктор", "Viktor", "Victor"),
          ("Юрий", "Iurii", "Yuriy", "Yury"), ("Евгений", "Evgenii", "Yevgeniy"),
          ("Михаил", "Mikhail"), ("Владимир", "Vladimir"), ("Олег", "Oleg")),
    female=(("Анна", "Anna"), ("Елена", "Elena", "Yelena"), ("Ольга", "Olga"),
            ("Наталья", "Natalia", "Natalya"), ("Татьяна", "Tatiana", "Tatyana"),
            ("Ирина", "Irina"), ("Юлия", "Iuliia", "Yuliya", "Julia"),
            ("Светлана", "Svetlana"), ("Ксения", "Kseniia", "Ksenia"), ("Дарья", "Daria", "Darya")),
    family=(("Иванов", "Ivanov"), ("Смирнов", "Smirnov"), ("Кузнецов", "Kuznetsov"),
            ("Попов", "Popov"), ("Соколов", "Sokolov"), ("Лебедев", "Lebedev"),
            ("Новиков", "Novikov"), ("Морозов", "Morozov"), ("Волков", "Volkov"),
            ("Зайцев", "Zaitsev", "Zaytsev"), ("Ковалёв", "Kovalev", "Kovalyov"),
            ("Григорьев", "Grigorev", "Grigoryev"), ("Белоусов", "Belousov"),
            ("Тихомиров", "Tikhomirov")),
    patronymics=(("Алексеевич", "Алексеевна"), ("Сергеевич", "Сергеевна"),
                 ("Иванович", "Ивановна"), ("Николаевич", "Николаевна"),
                 ("Викторович", "Викторовна"), ("Владимирович", "Владимировна")),
    languages=("ru",),
    regions=("Moscow", "Tver Oblast", "Ivanovo Oblast", "Republic of Bashkortostan",
             "Altai Krai", "Chelyabinsk Oblast", "Saratov Oblast", "Pskov Oblast"),
)

UZBEKISTAN = Country(
    code="UZ",
    male=(("Шерзод", "Sherzod"), ("Бахтиёр", "Bakhtiyor", "Baxtiyor", "Bakhtier"),
          ("Улугбек", "Ulugbek", "Ulug'bek"), ("Жасур", "Jasur", "Zhasur", "Dzhasur"),
          ("Азиз", "Aziz"), ("Фаррух", "Farrukh", "Farrux"), ("Отабек", "Otabek"),
          ("Шухрат", "Shukhrat", "Shuhrat"), ("Ильхом", "Ilkhom", "Ilhom"),
          ("Рустам", "Rustam")),
    female=(("Дилноза", "Dilnoza"), ("Гулнора", "Gulnora", "Gulnara"), ("Нигора", "Nigora"),
            ("Шахноза", "Shakhnoza", "Shahnoza"), ("Малика", "Malika"),
            ("Мохира", "Mokhira", "Mohira"), ("Феруза", "Feruza"),
            ("Зулфия", "Zulfiya", "Zulfiia")),
    family=(("Юлдашев", "Yuldashev", "Yuldashyev", "Iuldashev"),
            ("Каримов", "Karimov"), ("Рахимов", "Rakhimov", "Rahimov", "Raximov"),
            ("Усмонов", "Usmonov", "Usmanov"), ("Тошматов", "Toshmatov", "Tashmatov"),
            ("Эргашев", "Ergashev", "Ergashyev"), ("Холматов", "Kholmatov", "Xolmatov"),
            ("Абдуллаев", "Abdullaev", "Abdullayev"), ("Насриддинов", "Nasriddinov"),
            ("Турсунов", "Tursunov")),
    patronymics=(("Рустамович", "Рустамовна"), ("Бахтиёрович", "Бахтиёровна"),
                 ("Шухратович", "Шухратовна"), ("Алишерович", "Алишеровна"),
                 ("Эркинович", "Эркиновна")),
    languages=("uz", "ru"),
    regions=("Samarkand Region", "Fergana Region", "Kashkadarya Region", "Andijan Region",
             "Surkhandarya Region", "Tashkent"),
)

TAJIKISTAN = Country(
    code="TJ",
    male=(("Фаридун", "Faridun"), ("Сухроб", "Sukhrob", "Suhrob"), ("Далер", "Daler"),
          ("Манучехр", "Manuchehr", "Manuchekhr"), ("Бехруз", "Behruz", "Bekhruz"),
          ("Рустам", "Rustam"), ("Комрон", "Komron", "Kamron"), ("Фирдавс", "Firdavs")),
    female=(("Мехрона", "Mehrona", "Mekhrona"), ("Зарина", "Zarina"), ("Нилуфар", "Nilufar"),
            ("Фарзона", "Farzona"), ("Мадина", "Madina"), ("Шабнам", "Shabnam")),
    family=(("Рахмонов", "Rahmonov", "Rakhmonov"), ("Шарипов", "Sharipov"),
            ("Назаров", "Nazarov"), ("Саидов", "Saidov"), ("Давлатов", "Davlatov"),
            ("Мирзоев", "Mirzoev", "Mirzoyev"), ("Ҷалолов", "Jalolov", "Dzhalolov", "Djalolov"),
            ("Қодиров", "Qodirov", "Kodirov", "Kadyrov"), ("Сафаров", "Safarov"),
            ("Холов", "Kholov", "Holov")),
    patronymics=(("Рахимович", "Рахимовна"), ("Саидович", "Саидовна"),
                 ("Назарович", "Назаровна"), ("Давлатович", "Давлатовна")),
    languages=("tg", "ru"),
    regions=("Sughd Region", "Khatlon Region", "Dushanbe", "Districts of Republican Subordination",
             "Gorno-Badakhshan Autonomous Region"),
)

KYRGYZSTAN = Country(
    code="KG",
    male=(("Азамат", "Azamat"), ("Нурлан", "Nurlan"), ("Бакыт", "Bakyt", "Bakit"),
          ("Эрлан", "Erlan"), ("Темирлан", "Temirlan"), ("Улан", "Ulan"), ("Бекжан", "Bekzhan",
                                                                           "Bekjan")),
    female=(("Айгерим", "Aigerim", "Aygerim"), ("Жылдыз", "Zhyldyz", "Jyldyz"),
            ("Нургүл", "Nurgul", "Nurgyul"), ("Айпери", "Aiperi", "Ayperi"),
            ("Чолпон", "Cholpon"), ("Бермет", "Bermet")),
    family=(("Асанов", "Asanov"), ("Токтогулов", "Toktogulov"),
            ("Жээнбеков", "Zheenbekov", "Jeenbekov", "Dzheenbekov"),
            ("Үсөнов", "Usonov", "Usyonov", "Useinov"), ("Маматов", "Mamatov"),
            ("Осмоналиев", "Osmonaliev", "Osmonaliyev"), ("Турдубаев", "Turdubaev", "Turdubayev")),
    patronymics=(("Бакытович", "Бакытовна"), ("Асанович", "Асановна"),
                 ("Нурланович", "Нурлановна")),
    languages=("ky", "ru"),
    regions=("Osh Region", "Jalal-Abad Region", "Batken Region", "Bishkek", "Naryn Region"),
)

UKRAINE = Country(
    code="UA",
    male=(("Олександр", "Oleksandr", "Aleksandr"), ("Андрій", "Andrii", "Andriy"),
          ("Микола", "Mykola"), ("Сергій", "Serhii", "Sergiy"), ("Віталій", "Vitalii", "Vitaliy"),
          ("Богдан", "Bohdan", "Bogdan")),
    female=(("Оксана", "Oksana"), ("Наталія", "Nataliia", "Natalia"), ("Юлія", "Yuliia", "Iuliia"),
            ("Ірина", "Iryna", "Irina"), ("Вікторія", "Viktoriia", "Viktoriya"),
            ("Галина", "Halyna", "Galina")),
    family=(("Шевченко", "Shevchenko"), ("Коваленко", "Kovalenko"),
            ("Бондаренко", "Bondarenko"), ("Ткаченко", "Tkachenko"), ("Мельник", "Melnyk",
                                                                     "Melnik"),
            ("Кравчук", "Kravchuk"), ("Олійник", "Oliinyk", "Oliynyk")),
    patronymics=(("Олександрович", "Олександрівна"), ("Миколайович", "Миколаївна"),
                 ("Сергійович", "Сергіївна")),
    languages=("uk", "ru"),
    regions=("Donetsk Oblast", "Luhansk Oblast", "Zaporizhzhia Oblast", "Kherson Oblast",
             "Kharkiv Oblast"),
)

# Latin script: (as written, with diacritics; passport spelling; Cyrillic as the police write it).
VIETNAM = Country(
    code="VN",
    male=(("Văn Hùng", "Van Hung", "Ван Хунг"), ("Văn Nam", "Van Nam", "Ван Нам"),
          ("Đức Anh", "Duc Anh", "Дык Ань"), ("Minh Tuấn", "Minh Tuan", "Минь Туан"),
          ("Quang Huy", "Quang Huy", "Куанг Хюи")),
    female=(("Thị Hương", "Thi Huong", "Тхи Хыонг"), ("Thị Lan", "Thi Lan", "Тхи Лан"),
            ("Thị Mai", "Thi Mai", "Тхи Май"), ("Thị Hoa", "Thi Hoa", "Тхи Хоа"),
            ("Ngọc Ánh", "Ngoc Anh", "Нгок Ань"), ("Thu Trang", "Thu Trang", "Тху Чанг")),
    family=(("Nguyễn", "Nguyen", "Нгуен"), ("Trần", "Tran", "Чан"), ("Lê", "Le", "Ле"),
            ("Phạm", "Pham", "Фам"), ("Hoàng", "Hoang", "Хоанг"), ("Vũ", "Vu", "Ву"),
            ("Đặng", "Dang", "Данг"), ("Bùi", "Bui", "Буй")),
    patronymics=(),
    languages=("vi",),
    regions=("Nghe An Province", "Thanh Hoa Province", "Ha Tinh Province", "Hanoi",
             "Hai Phong"),
    cyrillic_records=0.6,
    latin_script=True,
)

NIGERIA = Country(
    code="NG",
    male=(("Chinedu", "Chinedu", "Чинеду"), ("Emeka", "Emeka", "Эмека"),
          ("Oluwaseun", "Oluwaseun", "Олувасеун"), ("Ibrahim", "Ibrahim", "Ибрагим"),
          ("Tunde", "Tunde", "Тунде"), ("Osagie", "Osagie", "Осагие")),
    female=(("Blessing", "Blessing", "Блессинг"), ("Joy", "Joy", "Джой"),
            ("Precious", "Precious", "Прешес"), ("Favour", "Favour", "Фейвор"),
            ("Chioma", "Chioma", "Чиома"), ("Grace", "Grace", "Грейс"),
            ("Esther", "Esther", "Эстер"), ("Osas", "Osas", "Осас")),
    family=(("Okafor", "Okafor", "Окафор"), ("Adeyemi", "Adeyemi", "Адейеми"),
            ("Okonkwo", "Okonkwo", "Оконкво"), ("Eze", "Eze", "Эзе"),
            ("Nwosu", "Nwosu", "Нвосу"), ("Osagiede", "Osagiede", "Осагиеде"),
            ("Igbinedion", "Igbinedion", "Игбинедион"), ("Bello", "Bello", "Белло")),
    patronymics=(),
    languages=("en", "pcm"),
    regions=("Edo State", "Delta State", "Lagos State", "Anambra State"),
    cyrillic_records=0.3,
    latin_script=True,
)

COUNTRIES: dict[str, Country] = {c.code: c for c in (RUSSIA, UZBEKISTAN, TAJIKISTAN, KYRGYZSTAN,
                                                     UKRAINE, VIETNAM, NIGERIA)}
EXTRA_LANGUAGES = {"NG": ("yo", "ig", "ha")}


def _digits(rng: random.Random, count: int) -> str:
    return f"{rng.randrange(10 ** count):0{count}d}"


def passport(rng: random.Random, country: str) -> dict[str, str]:
    """An identity document in the country's own number format."""
    if country == "RU":
        number = f"{rng.randint(1, 99):02d} {rng.randint(0, 99):02d} {_digits(rng, 6)}"
        return {"type": "internal_passport", "number": number, "country": "RU"}
    formats = {
        "UZ": lambda: rng.choice(("AA", "AB", "AC", "FA")) + _digits(rng, 7),
        "TJ": lambda: "4" + _digits(rng, 8),
        "KG": lambda: rng.choice(("AC", "AN", "ID")) + _digits(rng, 7),
        "UA": lambda: rng.choice(("FH", "FT", "EK", "GA")) + _digits(rng, 6),
        "VN": lambda: rng.choice(("B", "C", "N")) + _digits(rng, 7),
        "NG": lambda: "A" + _digits(rng, 8),
    }
    return {"type": "passport", "number": formats[country](), "country": country}


def work_patent(rng: random.Random) -> dict[str, str]:
    """A Russian work patent for a foreign worker (region code, series, number)."""
    return {"type": "work_patent", "number": f"{rng.choice(('77', '50', '78'))} "
                                             f"№{_digits(rng, 10)}", "country": "RU"}
