"""What the input fuzzer found, pinned: each input crashed its parser before the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from palermo.linkage.core.records import LinkInputError, read_list


def test_a_linkage_row_shorter_than_the_header_is_refused(tmp_path: Path) -> None:
    """The missing cells came back as None and the birth-date check called .strip() on it."""
    path = tmp_path / "org_a.csv"
    path.write_text("record_id,given_name,family_name,sex,citizenship,birth_date\n"
                    "1,Sherzod,Rakhimov,M\n", encoding="utf-8")
    with pytest.raises(LinkInputError, match="row 2.*fewer fields"):
        read_list(path)
