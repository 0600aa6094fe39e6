"""A small population with known truth: the same people on three lists, in Cyrillic on the
police list and in Latin transliterations (with the usual variations) on the others."""

from __future__ import annotations

import random
from datetime import date

from palermo.linkage.core.records import Record

GIVEN = {
    "Шерзод": ("Sherzod", "Sherzod"), "Рустам": ("Rustam", "Rustam"),
    "Дильшод": ("Dilshod", "Dil'shod"), "Фарход": ("Farkhod", "Farhod"),
    "Баходир": ("Bakhodir", "Bahodir"), "Алишер": ("Alisher", "Alisher"),
    "Жасур": ("Zhasur", "Jasur"), "Улугбек": ("Ulugbek", "Ulughbek"),
    "Дилноза": ("Dilnoza", "Dilnoza"), "Гульнора": ("Gulnora", "Gul'nora"),
    "Азамат": ("Azamat", "Azamat"), "Нодира": ("Nodira", "Nodira"),
    "Зарина": ("Zarina", "Zarina"), "Бахтиёр": ("Bakhtiyor", "Bakhtiyor"),
}
FAMILY = {
    "Рахимов": ("Rakhimov", "Rahimov"), "Каримов": ("Karimov", "Karimov"),
    "Юсупов": ("Yusupov", "Iusupov"), "Назаров": ("Nazarov", "Nazarov"),
    "Хасанов": ("Khasanov", "Hasanov"), "Тошматов": ("Toshmatov", "Toshmatov"),
    "Исмоилов": ("Ismoilov", "Ismoilov"), "Холматов": ("Kholmatov", "Holmatov"),
    "Токтогулов": ("Toktogulov", "Toktogulov"), "Сафаров": ("Safarov", "Safarov"),
    "Мирзаев": ("Mirzaev", "Mirzayev"), "Усмонов": ("Usmonov", "Usmonov"),
}
LISTS = ("police", "embassy", "shelter")


def population(size: int = 120, seed: int = 7) -> tuple[list[Record], dict[tuple[str, str], int]]:
    """Records of ``size`` people on three lists (each person on a list with probability 0.55)
    and the truth: record key → person number."""
    rng = random.Random(seed)
    records: list[Record] = []
    truth: dict[tuple[str, str], int] = {}
    for person in range(size):
        given = rng.choice(list(GIVEN))
        family = rng.choice(list(FAMILY))
        born = date(rng.randint(1970, 2004), rng.randint(1, 12), rng.randint(1, 28))
        sex = rng.choice("MF")
        citizenship = rng.choice(("UZ", "TJ", "KG"))
        for number, list_name in enumerate(LISTS):
            if rng.random() > 0.55:
                continue
            written_given, written_family = given, family
            if number > 0:
                written_given = GIVEN[given][rng.randint(0, 1)]
                written_family = FAMILY[family][rng.randint(0, 1)]
            birth = born
            if number == 2 and born.day <= 12 and rng.random() < 0.3:
                birth = date(born.year, born.day, born.month)  # day and month swapped
            record_id = f"{list_name[0]}{person}"
            records.append(
                Record(
                    list_name=list_name,
                    record_id=record_id,
                    given_name=written_given,
                    family_name=written_family,
                    birth_date=None if number == 1 and rng.random() < 0.3 else birth,
                    birth_year=birth.year,
                    sex=sex,
                    citizenship=citizenship,
                )
            )
            truth[(list_name, record_id)] = person
    return records, truth


def true_pairs(truth: dict[tuple[str, str], int]) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    by_person: dict[int, list[tuple[str, str]]] = {}
    for key, person in truth.items():
        by_person.setdefault(person, []).append(key)
    pairs = set()
    for keys in by_person.values():
        for i, left in enumerate(keys):
            for right in keys[i + 1 :]:
                pairs.add((left, right) if left <= right else (right, left))
    return pairs
