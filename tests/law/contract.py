"""The result shape of ``qualify`` and ``palermo qualify``: DESIGN.md (Contracts), docs/law.md."""

from __future__ import annotations

import re
from typing import Any

from palermo.law import FRAMEWORK_IDS, vocabulary

STATUSES = {"present", "absent", "not_required", "unknown"}
ELEMENTS = {  # docs/law.md, "Elements by framework"
    "un_palermo": ["act", "means", "purpose"],
    "ilo_c29": [
        "menace_of_penalty",
        "involuntary",
        "outside_prison_exception",
        "outside_military_exception",
    ],
    "ru_cc_127_1": ["act", "purpose", "victim_did_not_consent"],
    "ru_cc_127_2": ["use_of_labour", "ownership_powers", "unable_to_refuse"],
    "ru_cc_127_1_proposed": ["act", "means", "purpose"],
}
BASE_KEYS = {"qualifies", "elements", "missing", "provisions", "explanation"}
EXTRA_KEYS = {
    "un_palermo": set(),
    "ilo_c29": set(),
    "ru_cc_127_1": {"aggravating", "part", "exemption"},
    "ru_cc_127_2": {"aggravating", "part"},
    "ru_cc_127_1_proposed": {"aggravating", "part", "exemption"},
}
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def check_shape(result: dict[str, Any]) -> None:
    assert set(result) == {"frameworks", "gaps"}
    assert list(result["frameworks"]) == list(FRAMEWORK_IDS)
    for fid, fw in result["frameworks"].items():
        assert set(fw) == BASE_KEYS | EXTRA_KEYS[fid], fid
        assert fw["qualifies"] in (True, False, None)
        assert list(fw["elements"]) == ELEMENTS[fid]
        assert set(fw["elements"].values()) <= STATUSES
        assert fw["missing"] == [n for n, s in fw["elements"].items() if s == "absent"]
        if fw["qualifies"] is True:
            assert set(fw["elements"].values()) <= {"present", "not_required"}, fid
        if fw["qualifies"] is False:
            assert fw["missing"], fid
        assert fw["provisions"] and all(isinstance(p, str) and p for p in fw["provisions"])
        assert len(fw["provisions"]) == len(set(fw["provisions"]))
        assert set(fw["explanation"]) == {"en", "ru"}
        assert fw["explanation"]["en"].strip() and fw["explanation"]["ru"].strip()
        assert CYRILLIC.search(fw["explanation"]["ru"]), fid
        if "aggravating" in fw:
            assert set(fw["aggravating"]) <= set(vocabulary("aggravating"))
            assert len(fw["aggravating"]) == len(set(fw["aggravating"]))
            assert fw["part"] in ((1, 2, 3) if fw["qualifies"] else (None,)), fid
        if "exemption" in fw:
            assert fw["exemption"] in (True, False, None)
            if fw["qualifies"] is False:
                assert fw["exemption"] is False
    codes = [g["code"] for g in result["gaps"]]
    assert len(codes) == len(set(codes))
    for gap in result["gaps"]:
        assert set(gap) == {"code", "frameworks", "explanation"}
        assert isinstance(gap["code"], str) and gap["code"]
        assert len(gap["frameworks"]) >= 2 and set(gap["frameworks"]) <= set(FRAMEWORK_IDS)
        assert set(gap["explanation"]) == {"en", "ru"}
        assert gap["explanation"]["en"].strip() and CYRILLIC.search(gap["explanation"]["ru"])
