"""Reading list files as the ``palermo link`` contract says: columns, codes, one-line errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from palermo.linkage.core.records import LinkInputError, Record, pair_key, read_list

HEADER = "record_id,given_name,family_name,patronymic,birth_date,birth_year,sex,citizenship\n"


def write(tmp_path: Path, body: str, header: str = HEADER, name: str = "police.csv") -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def test_reads_names_in_any_script_and_codes(tmp_path):
    path = write(
        tmp_path,
        "p1,Шерзод,Рахимов,Алишерович,1990-03-05,,M,uz\n"
        "p2,Sherzod,Rakhimov,,,1990,,\n",
    )
    first, second = read_list(path)
    assert first == Record(
        list_name="police", record_id="p1", given_name="Шерзод", family_name="Рахимов",
        patronymic="Алишерович", birth_date=date(1990, 3, 5), birth_year=1990, sex="M",
        citizenship="UZ",
    )
    assert first.key == ("police", "p1")
    assert second.birth_date is None and second.birth_year == 1990
    assert second.sex == "" and second.citizenship == ""


def test_byte_order_mark_extra_columns_and_optional_patronymic(tmp_path):
    path = tmp_path / "ngo.csv"
    path.write_bytes(
        "\ufeffrecord_id,given_name,family_name,birth_year,sex,citizenship,note\n"
        "n1,Dilnoza,Karimova,1988,F,TJ,anything\n".encode()
    )
    (record,) = read_list(path)
    assert record.patronymic == "" and record.birth_year == 1988 and record.list_name == "ngo"


R2 = "police.csv, row 2, column "
R3 = "police.csv, row 3, column "


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("p1,A,B,,1990-13-01,,M,UZ\n", R2 + "birth_date: '1990-13-01' is not a valid date"),
        ("p1,A,B,,05.03.1990,,M,UZ\n", R2 + "birth_date: '05.03.1990' is not a date YYYY-MM-DD"),
        ("p1,A,B,,,90,M,UZ\n", R2 + "birth_year: '90' is not a four-digit year"),
        ("p1,A,B,,1990-01-01,1991,M,UZ\n", R2 + "birth_year: 1991 contradicts birth_date"),
        ("p1,A,B,,,1990,X,UZ\n", R2 + "sex: 'X' is not M, F or empty"),
        ("p1,A,B,,,1990,M,UZB\n", R2 + "citizenship: 'UZB' is not an ISO 3166 alpha-2 code"),
        ("p1,A,B,,,1990,M,ZZ\n", R2 + "citizenship: 'ZZ' is not an ISO 3166 alpha-2 code"),
        ("p1,A,B,,,1990,M,UZ\np1,C,D,,,1991,F,\n", R3 + "record_id: 'p1' already on row 2"),
        (",A,B,,,1990,M,UZ\n", R2 + "record_id: empty"),
        ("p1,,,,,1990,M,UZ\n", R2 + "given_name: neither given_name nor family_name is filled"),
        ("p1,A,B,,,1990,M,UZ,x\n", "police.csv, row 2: more fields than the header has columns"),
    ],
)
def test_bad_values_name_file_row_and_column(tmp_path, body, message):
    with pytest.raises(LinkInputError) as caught:
        read_list(write(tmp_path, body))
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_missing_columns_are_listed(tmp_path):
    path = write(tmp_path, "p1,A,1990\n", header="record_id,given_name,birth_year\n")
    missing = r"row 1: missing column\(s\): family_name, sex, citizenship"
    with pytest.raises(LinkInputError, match=missing):
        read_list(path)
    header = "record_id,given_name,family_name,sex,citizenship\n"
    path = write(tmp_path, "p1,A,B,M,UZ\n", header=header)
    with pytest.raises(LinkInputError, match="birth_date or birth_year"):
        read_list(path)


def test_not_utf8_empty_and_missing_files(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "p1,Jos\xe9,B,,,1990,M,ES\n".encode("latin-1"))
    with pytest.raises(LinkInputError, match=r"^latin.csv: not UTF-8 text$"):
        read_list(latin)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(LinkInputError, match="empty"):
        read_list(empty)
    with pytest.raises(LinkInputError, match="no such file"):
        read_list(tmp_path / "absent.csv")


def test_pair_key_is_unordered():
    a, b = ("police", "1"), ("ngo", "7")
    assert pair_key(a, b) == pair_key(b, a) == (b, a)
