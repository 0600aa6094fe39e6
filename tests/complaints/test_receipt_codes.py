"""Receipt codes: 140 bits, kept only as a keyed HMAC; a wrong code answers exactly like a code
that does not exist, wrong codes are rate-limited, and a code opens only its own complaint."""

from __future__ import annotations

import re

from django.test import Client

from palermo.complaints import ratelimit, receipts
from palermo.complaints.codes import Author
from palermo.complaints.models import Message, RateCount, RateWindow
from tests.complaints.conftest import make_complaint


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _open(client: Client, code: str):
    return client.post("/report/follow-up/", {"code": code})


def test_codes_have_at_least_128_bits_and_forgive_typing():
    code = receipts.new_code()
    assert len(code) * 5 >= 128 and set(code) <= set(receipts.ALPHABET)
    shown = receipts.display(code)
    assert shown.count("-") == len(code) // receipts.GROUP - 1
    assert receipts.mac_of(f"  {shown.lower()} ") == receipts.mac_of(code)
    assert receipts.mac_of("0O1IL") == ""  # too short: no code at all
    assert receipts.new_code() != receipts.new_code()


def test_a_code_opens_its_own_complaint_and_only_that(receiving, public, intake_officer):
    mine, my_code = make_complaint(receiving)
    theirs, _ = make_complaint(receiving)
    Message.objects.create(complaint=mine, author=Author.STAFF, staff=intake_officer,
                           text="Мы связались с адвокатом.", written_on=mine.received_on)
    Message.objects.create(complaint=theirs, author=Author.STAFF, staff=intake_officer,
                           text="Ответ другому человеку.", written_on=theirs.received_on)
    html = _open(public, receipts.display(my_code)).content.decode()
    assert "Мы связались с адвокатом." in html
    assert "Ответ другому человеку." not in html
    assert "Шьют форму" not in html  # the report itself is never shown back


def test_a_wrong_code_answers_exactly_like_one_that_does_not_exist(receiving, public):
    _, code = make_complaint(receiving)
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    answers = [_open(public, attempt) for attempt in
               (wrong, receipts.new_code(), "not-a-code", code[:20])]
    assert {r.status_code for r in answers} == {200}
    bodies = {_without_tokens(r.content.decode()) for r in answers}
    assert len(bodies) == 1
    assert "No report matches this code." in bodies.pop()


def test_wrong_codes_are_rate_limited_even_for_the_right_code(receiving, public, settings):
    settings.PALERMO_COMPLAINT_RECEIPT_FAILURES_PER_WINDOW = 3
    _, code = make_complaint(receiving)
    for _ in range(3):
        assert _open(public, receipts.new_code()).status_code == 200
    refused = _open(public, code)
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    assert "Your report" in _open(elsewhere, code).content.decode()


def test_right_codes_do_not_use_up_the_allowance(receiving, public, settings):
    settings.PALERMO_COMPLAINT_RECEIPT_FAILURES_PER_WINDOW = 2
    _, code = make_complaint(receiving)
    for _ in range(5):
        assert _open(public, code).status_code == 200


def test_information_is_added_only_with_the_right_code(receiving, public):
    complaint, code = make_complaint(receiving)
    response = public.post("/report/follow-up/add/", {"code": code, "text": "Ещё: бьют."})
    assert "Your information was added." in response.content.decode()
    assert [m.text for m in complaint.messages.all()] == ["Ещё: бьют."]
    wrong = public.post("/report/follow-up/add/", {"code": receipts.new_code(), "text": "x"})
    assert "No report matches this code." in wrong.content.decode()
    assert complaint.messages.count() == 1


def test_submissions_are_rate_limited(receiving, public, settings):
    settings.PALERMO_COMPLAINT_SUBMISSIONS_PER_WINDOW = 2
    for _ in range(2):
        assert public.post("/report/other/", {"reporter": "self", "text": "x"}).status_code == 200
    refused = public.post("/report/other/", {"reporter": "self", "text": "x"})
    assert refused.status_code == 429
    from palermo.complaints.models import Complaint

    assert Complaint.objects.count() == 3 - 1


def test_a_window_and_its_key_are_discarded_when_it_ends(receiving, public, settings,
                                                         monkeypatch):
    settings.PALERMO_COMPLAINT_SUBMISSIONS_PER_WINDOW = 1
    now = 1_750_000_000.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    assert public.post("/report/other/", {"reporter": "self", "text": "x"}).status_code == 200
    assert public.post("/report/other/", {"reporter": "self", "text": "x"}).status_code == 429
    first = RateWindow.objects.get()
    monkeypatch.setattr(ratelimit.time, "time",
                        lambda: now + settings.PALERMO_COMPLAINT_RATE_WINDOW_SECONDS)
    assert public.post("/report/other/", {"reporter": "self", "text": "x"}).status_code == 200
    assert not RateWindow.objects.filter(pk=first.pk).exists()
    assert RateCount.objects.get().window_id != first.pk
    assert bytes(RateWindow.objects.get().nonce) != bytes(first.nonce)


def test_behind_a_proxy_the_configured_header_is_counted(receiving, settings):
    settings.PALERMO_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.PALERMO_COMPLAINT_SUBMISSIONS_PER_WINDOW = 1
    first = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.1")
    second = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.2")
    assert first.post("/report/other/", {"reporter": "self", "text": "x"}).status_code == 200
    assert second.post("/report/other/", {"reporter": "self", "text": "x"}).status_code == 200
    assert first.post("/report/other/", {"reporter": "self", "text": "x"}).status_code == 429
