"""Reading capture histories: both layouts, cleaning of lists, only clear errors on bad input."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.estimation import HistoryFileError, estimate_population, parse_histories
from palermo.estimation.histories import read_histories


def test_history_rows_with_the_same_history_add_up():
    table = parse_histories("A,B,count\n1,0,5\n1,0,2\n0,1,3\n1,1,1\n")
    assert table.observed == 11 and table.list_sizes() == {"A": 8, "B": 4}


def test_per_person_rows_without_count_are_one_person_each():
    table = parse_histories("A,B\n1,0\n1,1\n0,1\n0,1\n")
    assert table.observed == 4 and table.overlap(0, 1) == 1


def test_list_with_everyone_is_dropped():
    table = parse_histories("A,B,C,count\n1,1,0,5\n1,0,1,3\n1,1,1,2\n1,0,0,4\n")
    assert table.dropped_lists == ("A",) and table.lists == ("B", "C")


def test_duplicate_id_is_an_error():
    with pytest.raises(HistoryFileError, match="two rows"):
        parse_histories("id,A,B\nx,1,0\nx,0,1\n", id_column="id")


def test_history_on_no_list_with_a_count_is_an_error():
    with pytest.raises(HistoryFileError, match="no list"):
        parse_histories("A,B,count\n0,0,4\n1,0,1\n0,1,1\n1,1,1\n")


def test_byte_order_mark_and_spaces_are_accepted(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffA , B,count\n1, 0,5\n0,1 ,3\n1,1,1\n".encode())
    assert read_histories(path).lists == ("A", "B")


def test_more_than_ten_usable_lists_is_an_error():
    header = ",".join(f"L{i}" for i in range(11)) + ",count"
    rows = [",".join("1" if j == i or j == (i + 1) % 11 else "0" for j in range(11)) + ",3"
            for i in range(11)]
    with pytest.raises(HistoryFileError, match="at most 10"):
        parse_histories("\n".join([header, *rows]) + "\n")


CELLS = st.sampled_from(["0", "1", "2", "-1", "1.5", "", " 1", "x", '"1"', "١", "1e3", "0x1"])


@st.composite
def csv_texts(draw):
    names = draw(st.lists(st.sampled_from(["A", "B", "C", "count", "id", "", "A "]), max_size=5))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=6), max_size=8))
    separator = draw(st.sampled_from([",", ";", "\t"]))
    lines = [separator.join(names)] + [separator.join(row) for row in rows]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", '"', "\r\n"]))


def check_only_clear_errors(text: str, id_column: str | None) -> None:
    try:
        table = parse_histories(text, id_column=id_column)
    except HistoryFileError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert 2 <= table.n_lists <= 10
    assert table.observed > 0
    estimate_population(table)  # valid tables always give a result dictionary


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_texts(), st.sampled_from([None, "id"]))
def test_structured_fuzz_gives_a_table_or_a_clear_error(text, id_column):
    check_only_clear_errors(text, id_column)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "\x00é€\ufeff", max_size=200))
def test_arbitrary_text_gives_a_table_or_a_clear_error(text):
    check_only_clear_errors(text, None)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_give_a_table_or_a_clear_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "f.csv"
    path.write_bytes(data)
    try:
        read_histories(path)
    except HistoryFileError as exc:
        assert "\n" not in str(exc)
