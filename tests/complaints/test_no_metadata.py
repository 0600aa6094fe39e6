"""Nothing about the sender is kept: not in any table, not in the logs, not in the audit log."""

from __future__ import annotations

import logging

from django.db import connection
from django.test import Client

from palermo.complaints import receipts
from palermo.complaints.models import Complaint
from tests.complaints.conftest import CLIENT_ADDRESS, USER_AGENT

PROBES = [CLIENT_ADDRESS, USER_AGENT, "SM-J530F", "203.0.113"]


def _everything_in_the_database() -> str:
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            # S608: the table names are the database's own, quoted
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump.append(repr(cursor.fetchall()))
    return "\n".join(dump)


def _whole_exchange(public: Client) -> None:
    public.get("/report/")
    public.post("/report/prison-labour/", {"reporter": "self", "hours_per_day": "12",
                                            "text": "Работаем без выходных."})
    public.post("/report/prison-labour/", {"reporter": "nobody"})  # a 400
    public.post("/report/follow-up/", {"code": receipts.new_code()})
    public.post("/report/follow-up/add/", {"code": receipts.new_code(), "text": "x"})
    Client(enforce_csrf_checks=True, REMOTE_ADDR=CLIENT_ADDRESS, HTTP_USER_AGENT=USER_AGENT
           ).post("/report/other/", {"reporter": "self", "text": "x"})  # a CSRF failure


def test_the_complaint_has_no_field_for_an_address_or_a_user_agent(db):
    names = {f.name for f in Complaint._meta.get_fields()}
    words = ("ip_", "remote", "agent", "address", "header", "meta")
    assert not {n for n in names if any(w in n for w in words)}
    assert "received_on" in names and "created_at" not in names  # the day, not the time


def test_no_table_holds_the_senders_address_or_user_agent(receiving, public):
    _whole_exchange(public)
    assert Complaint.objects.count() == 1
    dump = _everything_in_the_database()
    for probe in PROBES:
        assert probe not in dump


def test_no_log_record_holds_the_senders_address_or_user_agent(receiving, public, caplog):
    with caplog.at_level(logging.DEBUG):
        _whole_exchange(public)
    assert caplog.records, "expected Django's warnings for the 400 and 403 answers"
    for record in caplog.records:
        text = repr(record.__dict__) + record.getMessage()
        for probe in PROBES:
            assert probe not in text, record.name
        assert getattr(record, "request", None) is None
