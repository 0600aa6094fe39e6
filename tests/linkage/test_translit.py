"""Transliteration tables: every system writes the reference's sample words as its source does."""

import pytest

from palermo.linkage.core.translit import SYSTEMS, detect_script, system, transliterate

# (system, Cyrillic, expected Latin). Samples of nalgeon/iuliia (stats-linkage.md §4.2) and the
# letters of the §4.2–4.3 tables.
SAMPLES = [
    ("icao_9303", "Юлия Щеглова", "Iuliia Shcheglova"),
    ("icao_9303", "Андрей Видный", "Andrei Vidnyi"),
    ("icao_9303", "Гайа Васильева", "Gaia Vasileva"),
    ("icao_9303", "Щербаков", "Shcherbakov"),
    ("icao_9303", "Подъячев", "Podieiachev"),
    ("icao_9303", "ЦОЙ ЁЛКИН ХАСАН", "TSOI ELKIN KHASAN"),
    ("gost_52535", "Юлия Щеглова", "Iuliia Shcheglova"),
    ("gost_52535", "Цой Подъячев", "Tcoi Podiachev"),
    ("mvd_310", "Юлия Щеглова", "Yuliya Shcheglova"),
    ("mvd_310", "Гайа Васильева", "Gaya Vasilyeva"),
    ("mvd_310", "Андрей Видный", "Andrey Vidnyy"),
    ("mvd_310", "Ильич Фёдоров", "Il'ich Fedorov"),
    ("mvd_782", "Артём Краевой", "Artyem Krayevoy"),
    ("mvd_782", "Мадыр Чёткий", "Madyr Chetkiy"),
    ("mvd_782", "Оксана Клеёнкина", "Oksana Kleyonkina"),
    ("mvd_782", "Игорь Ильин", "Igor' Ilyin"),
    ("mvd_782", "Ёлкин Алиев", "Yolkin Aliyev"),
    ("mvd_310_fr", "Юлия Щеглова", "Iouliia Chtcheglova"),
    ("mvd_310_fr", "Андрей Видный", "Andrei Vidnyi"),
    ("mvd_310_fr", "Оксана Снегирёва", "Oxana Sneguireva"),
    ("mvd_310_fr", "Жуков Никитин", "Joukov Nikitine"),
    # The order's intervocalic с → ss, which iuliia leaves out ("Vasilieva").
    ("mvd_310_fr", "Гайа Васильева", "Gaia Vassilieva"),
    ("iso_9", "Юлия Щеглова", "Ûliâ Ŝeglova"),
    ("iso_9", "Андрей Ёлкин Цой", "Andrej Ëlkin Coj"),
    ("iso_9", "Жуков Хасанов Эрик Ильич", "Žukov Hasanov Èrik Ilʹič"),
    ("gost_779_b", "Юлия Щеглова", "Yuliya Shheglova"),
    ("gost_779_b", "Цой Цыганов Хасанов", "Czoj Cy`ganov Xasanov"),
    ("gost_779_b", "Андрей Видный Ильич", "Andrej Vidny`j Il`ich"),
    ("bgn_pcgn", "Юлия Щеглова", "Yuliya Shcheglova"),
    ("bgn_pcgn", "Елизово Чапаевск Мейеровка", "Yelizovo Chapayevsk Meyyerovka"),
    ("bgn_pcgn", "Юрьев объезд", "Yur’yev ob”yezd"),
    ("bgn_pcgn", "Ёдва Воробьёво Озёрный", "Yëdva Vorob’yëvo Ozërnyy"),
    ("bgn_pcgn", "Тыайа Сайылык Суык-Су Улан-Удэ", "Ty·ay·a Say·ylyk Su·yk-Su Ulan-Ud·e"),
    ("bgn_pcgn", "Вяртсиля Ташчишма", "Vyart·silya Tash·chishma"),
    ("bgn_pcgn", "Евгений Алиев", "Yevgeniy Aliyev"),
    ("uzbek_latin", "Ўткир Ғайратов", "Oʻtkir Gʻayratov"),
    ("uzbek_latin", "Қодиров Ҳасан Хуршид", "Qodirov Hasan Xurshid"),
    ("uzbek_latin", "Ерназар Мухаммадиев", "Yernazar Muxammadiyev"),
    ("uzbek_latin", "Ёдгор Жамшид Исҳоқ", "Yodgor Jamshid Isʼhoq"),
    ("uzbek_latin", "Шоира Чўлпон Маъмура", "Shoira Choʻlpon Maʼmura"),
    ("uzbek_latin", "Цех Лицей", "Sex Litsey"),
    ("uzbek_ics", "Фарход Тожиев", "Farkhod Tojiev"),
    ("uzbek_ics", "Ўткир Ғайратов Қодиров Ҳасан", "Otkir Ghayratov Qodirov Hasan"),
    ("uzbek_ics", "Ёдгор Шоҳиддин Ашшурова", "Yodgor Shohiddin Ashurova"),
    ("tajik_ics", "Ҷамшед Раҳмонов Қурбонӣ", "Jamshed Rahmonov Qurboni"),
    ("tajik_ics", "Ғафуров Ӯлмас", "Ghafurov Ulmas"),
    ("tajik_ics", "Евгений Жанна Хуршед", "Yevgeniy Zhanna Khurshed"),
    ("tajik_bgn_pcgn", "Ҷамшед Қурбонӣ Ғафуров Ӯлмас", "Jamshed Qurboní Ghafurov Ŭlmas"),
    ("tajik_bgn_pcgn", "Раҳмон Хуршед", "Rahmon Khurshed"),
    ("kyrgyz_ics", "Жаңыл Өмүрбек Үсөн", "Jangyl Omurbek Uson"),
    ("kyrgyz_ics", "Жалал-Абад Хасан Цой", "Jalal-Abad Khasan Tsoy"),
    ("kyrgyz_bgn_pcgn", "Жаңыл Өмүрбек Үсөн", "Jangyl Ömürbek Üsön"),
    ("kyrgyz_bgn_pcgn", "Жалал-Абад", "Jalal-Abad"),
]


PANGRAM = "Юлия, съешь ещё этих мягких французских булок из Йошкар-Олы, да выпей алтайского чаю"
PANGRAMS = [
    ("mvd_310", "Yuliya, syesh' eshche etikh myagkikh frantsuzskikh bulok iz Yoshkar-Oly, "
     "da vypey altayskogo chayu"),
    ("mvd_782", "Yuliya, syesh' eshche etikh myagkikh frantsuzskikh bulok iz Yoshkar-Oly, "
     "da vypey altayskogo chayu"),
    ("mvd_310_fr", "Iouliia, sech echtche etikh miagkikh frantsouzskikh boulok iz Iochkar-Oly, "
     "da vypei altaiskogo tchaiou"),
    # iuliia's sample with ё as the Latin ë.
    ("bgn_pcgn", "Yuliya, s”yesh’ yeshchë etikh myagkikh frantsuzskikh bulok iz Yoshkar-Oly, "
     "da vypey altayskogo chayu"),
]


@pytest.mark.parametrize(("system_id", "latin"), PANGRAMS)
def test_the_iuliia_pangram(system_id, latin):
    assert transliterate(PANGRAM, system_id) == latin


@pytest.mark.parametrize(("system_id", "cyrillic", "latin"), SAMPLES)
def test_each_system_writes_the_reference_samples(system_id, cyrillic, latin):
    assert transliterate(cyrillic, system_id) == latin


def test_every_system_has_a_table_with_its_source_and_a_sample_here():
    tested = {system_id for system_id, _, _ in SAMPLES} | {"uzbek_cyrillic"}
    assert tested == set(SYSTEMS)
    for system_id in SYSTEMS:
        table = system(system_id)
        assert table.id == system_id
        assert "stats-linkage.md" in table.source
        assert table.name and table.used_for
        assert {table.from_script, table.to_script} == {"Cyrl", "Latn"}


@pytest.mark.parametrize(
    "system_id", [s for s in SYSTEMS if system(s).from_script == "Cyrl" and "uzbek" not in s]
)
def test_every_russian_letter_is_written_in_latin(system_id):
    alphabet = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    table = system(system_id)
    assert set(alphabet) <= set(table.letters)
    written = transliterate(alphabet.replace("ъ", "").replace("ь", ""), system_id)
    assert detect_script(written) == "Latn"


def test_uzbek_latin_goes_back_to_uzbek_cyrillic():
    assert transliterate("Oʻtkir Gʻayratov", "uzbek_cyrillic") == "Ўткир Ғайратов"
    assert transliterate("O'tkir G‘ayratov", "uzbek_cyrillic") == "Ўткир Ғайратов"
    assert transliterate("Isʼhoq Yoʻldosh Eshmat", "uzbek_cyrillic") == "Исҳоқ Йўлдош Эшмат"
    assert transliterate("Yelena Shuhrat Xurshid Qodirov", "uzbek_cyrillic") == (
        "Елена Шуҳрат Хуршид Қодиров"
    )
    assert transliterate("Maʼmura Choʻlpon", "uzbek_cyrillic") == "Маъмура Чўлпон"


def test_uzbek_round_trip_keeps_the_name():
    for name in ["Ўткир Ғайратов", "Исҳоқ Йўлдош", "Шоира Қодирова", "Ҳасан Жамшидов", "Ёдгор"]:
        assert transliterate(transliterate(name, "uzbek_latin"), "uzbek_cyrillic") == name


def test_case_follows_the_source_word_and_other_characters_stay():
    assert transliterate("ЩЕГЛОВА Юлия", "icao_9303") == "SHCHEGLOVA Iuliia"
    assert transliterate("Щ.", "icao_9303") == "Shch."
    assert transliterate("Абду-Рахим, 1990", "bgn_pcgn") == "Abdu-Rakhim, 1990"
    assert transliterate("Sherzod Шерзод", "icao_9303") == "Sherzod Sherzod"


def test_an_unknown_system_is_refused():
    with pytest.raises(ValueError, match="unknown transliteration system"):
        transliterate("Юлия", "klingon")


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Шерзод Раҳимов", "Cyrl"),
        ("Oʻtkir Gʻayratov", "Latn"),
        ("Šerzod", "Latn"),
        ("Sherzод", "mixed"),
        ("12-34", ""),
        ("", ""),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script
