"""Input fuzzing of the public complaint channel: the five complaint forms and the follow-up
with a receipt code, posted by an anonymous visitor with fields that are valid, malformed or
hostile. The answer is the receipt (200, one complaint more), the form again with its errors
(400, nothing written), the rate limit (429) or, for a code that opens nothing, the one "not
found" page; never a server error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from palermo.accounts.models import Organisation
from palermo.complaints.models import Complaint, Message
from palermo.complaints.public_forms import FORMS
from tests.security.fuzz_inputs import cells
from tests.security.fuzz_run import counts, example, fuzz


def _valid(field: forms.Field) -> list[str]:
    if isinstance(field, forms.ChoiceField):
        choices: Any = field.choices
        return [str(value) for value, _label in choices if value != ""]
    if isinstance(field, forms.BooleanField):
        return ["on"]
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        return ["8", "300"]
    return ["Шьют форму по 12 часов"]


@st.composite
def submissions(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A category and a POST for its form: each field left out, valid, or any text."""
    category = draw(st.sampled_from(sorted(FORMS)))
    fields = FORMS[category]().fields
    data = {name: draw(cells(_valid(field))) for name, field in fields.items()
            if draw(st.integers(0, 4)) > 0}
    return category, data


@fuzz(60)
@given(submission=submissions())
def test_complaint_forms(submission: tuple[str, dict[str, Any]], org_a: Organisation) -> None:
    category, data = submission
    with (ex := example("public complaint forms")):
        before = counts(Complaint)
        response = Client().post(f"/report/{category.replace('_', '-')}/", data)
        assert response.status_code in (200, 400, 429), response.status_code
        if response.status_code == 200:
            assert counts(Complaint)[0] == before[0] + 1
            ex.accepted()
        else:
            assert counts(Complaint) == before


CODE_PARTS = st.sampled_from(["", "ABCD-EFGH", "0000-0000-0000-0000-0000-0000-0000",
                              "x" * 61, "\x00", "--", "Дилноза"])


@fuzz(40)
@given(code=st.one_of(CODE_PARTS, st.text(max_size=70)), text=st.one_of(CODE_PARTS, st.text()))
def test_follow_up(code: str, text: str, org_a: Organisation) -> None:
    with example("public follow-up"):
        before = counts(Message)
        client = Client()
        assert client.post("/report/follow-up/", {"code": code}).status_code in (200, 400, 429)
        response = client.post("/report/follow-up/add/", {"code": code, "text": text})
        assert response.status_code in (200, 400, 429), response.status_code
        assert counts(Message) == before  # no code here opens a complaint
