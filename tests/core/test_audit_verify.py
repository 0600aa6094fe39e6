"""``palermo audit verify`` catches every way of rewriting history without the audit key."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from pathlib import Path

import pytest

from palermo.core import audit
from palermo.core.models import AuditEvent
from tests.cli import console
from tests.core.conftest import run_command

OTHER_KEY = b"not the audit key, but 32 bytes!"


def verify(*args: str) -> tuple[int, dict]:
    code, out, _ = run_command("audit", "verify", "--format", "json", *args)
    return code, json.loads(out)


def altered(event: AuditEvent, column: str) -> object:
    """A plausible forged value for ``column`` of ``event``."""

    def flip(digest: str) -> str:
        return ("1" if digest[0] == "0" else "0") + digest[1:]

    return {
        "actor_id": (event.actor_id or 0) + 1,
        "organisation_id": (event.organisation_id or 0) + 1,
        "action": "view" if event.action != "view" else "export",
        "object_type": event.object_type + "x",
        "object_ids": [*event.object_ids, "999"],
        "detail": {**event.detail, "n": 0},
        "created_at": event.created_at + datetime.timedelta(seconds=1),
        "prev_hash": flip(event.prev_hash),
        "hash": flip(event.hash),
    }[column]


def test_an_untouched_chain_is_intact(chain):
    code, out, _ = run_command("audit", "verify")
    assert code == 0
    assert out.startswith(f"intact (5 events, head {chain[-1].hash[:16]}")
    assert "1 checkpoint matched" in out


def test_an_empty_chain_is_intact(db):
    code, out, _ = run_command("audit", "verify")
    assert (code, out.split(",")[0]) == (0, "intact (0 events")


@pytest.mark.parametrize("seq", [1, 2, 3, 4, 5])
@pytest.mark.parametrize(
    "column",
    ["actor_id", "organisation_id", "action", "object_type", "object_ids", "detail",
     "created_at", "prev_hash", "hash"],
)
def test_altering_any_column_of_any_audit_row_is_detected_at_that_row(chain, attacker, seq,
                                                                      column):
    attacker.set_column(seq, column, altered(chain[seq - 1], column))
    code, report = verify()
    assert code == 1
    assert report["intact"] is False
    assert report["first_bad_seq"] == seq
    assert f"event #{seq}" in report["problem"]


def test_altering_a_row_is_reported_in_words(chain, attacker):
    attacker.set_column(3, "object_type", "accounts.User")
    code, out, err = run_command("audit", "verify")
    assert code == 1
    assert "BROKEN: event #3 was altered (its hash does not match its content)" in out
    assert "not intact" in err


def test_deleting_a_middle_row_is_detected(chain, attacker):
    attacker.delete_events(3)
    code, report = verify()
    assert code == 1
    assert report["problem"] == "event #3 is missing (the next stored event is #4)"


def test_deleting_the_first_row_is_detected(chain, attacker):
    attacker.delete_events(1)
    code, report = verify()
    assert (code, report["first_bad_seq"]) == (1, 1)


def test_deleting_the_newest_rows_is_caught_by_the_checkpoint(chain, attacker):
    # A careful attacker also moves the database's head row back, so only the file remains.
    attacker.delete_events(4, 5)
    attacker.set_head(3, chain[2].hash)
    code, report = verify()
    assert code == 1
    assert report["problem"].startswith("truncated: the checkpoint")
    assert "records 5 events, the database holds 3" in report["problem"]


def test_deleting_the_newest_rows_is_caught_by_the_database_head_when_left_behind(chain,
                                                                                  attacker,
                                                                                  settings,
                                                                                  tmp_path):
    settings.PALERMO_AUDIT_HEAD_FILE = tmp_path / "never-written.json"
    attacker.delete_events(5)
    code, report = verify()
    assert code == 1
    assert report["problem"] == (
        "truncated: the database's chain head records 5 events, 4 are stored"
    )


def test_an_off_box_checkpoint_catches_truncation_after_the_head_file_was_deleted(
    chain, attacker, tmp_path
):
    code, printed, _ = run_command("audit", "checkpoint")
    assert code == 0
    off_box = tmp_path / "copied-elsewhere.json"
    off_box.write_text(printed, encoding="utf-8")

    audit.checkpoint_path().unlink()
    attacker.delete_events(4, 5)
    attacker.set_head(3, chain[2].hash)
    # With the head file gone the database alone looks whole: this is why the copy exists.
    assert verify()[0] == 0
    code, report = verify("--checkpoint", str(off_box))
    assert code == 1
    assert f"the checkpoint {off_box} records 5 events" in report["problem"]


def test_rewriting_the_whole_chain_with_another_key_is_detected(chain, attacker, settings):
    # The attacker recomputes every link with a key of their own, moves the head row and
    # writes a matching checkpoint file: everything is consistent except the key.
    settings.PALERMO_AUDIT_KEY, real_key = OTHER_KEY, settings.PALERMO_AUDIT_KEY
    prev = audit.GENESIS
    for event in chain:
        attacker.set_column(event.seq, "object_type", "accounts.Organisation")
        event.object_type = "accounts.Organisation"
        digest = audit.event_hash(event, prev)
        attacker.set_column(event.seq, "prev_hash", prev)
        attacker.set_column(event.seq, "hash", digest)
        prev = digest
    attacker.set_head(5, prev)
    audit.checkpoint_path().write_text(json.dumps(audit.checkpoint_document(5, prev)))
    settings.PALERMO_AUDIT_KEY = real_key

    code, report = verify()
    assert code == 1
    assert report["first_bad_seq"] == 1
    assert report["problem"] == "event #1 was altered (its hash does not match its content)"


def test_a_plain_sha256_chain_without_the_key_is_detected(chain, attacker):
    prev = audit.GENESIS
    for event in chain:
        digest = hashlib.sha256(prev.encode() + event.object_type.encode()).hexdigest()
        attacker.set_column(event.seq, "prev_hash", prev)
        attacker.set_column(event.seq, "hash", digest)
        prev = digest
    assert verify()[1]["first_bad_seq"] == 1


def test_a_forged_checkpoint_file_is_detected(chain):
    mac = hmac.new(OTHER_KEY, b"checkpoint:9:" + b"a" * 64, hashlib.sha256).hexdigest()
    audit.checkpoint_path().write_text(json.dumps({"seq": 9, "hash": "a" * 64, "mac": mac}))
    code, report = verify()
    assert code == 1
    assert "was altered or is unreadable" in report["problem"]


def test_a_damaged_checkpoint_file_is_reported_not_ignored(chain):
    audit.checkpoint_path().write_text("")
    assert verify()[0] == 1


def test_a_missing_off_box_checkpoint_file_is_bad_input(chain, tmp_path: Path):
    code, out, err = run_command("audit", "verify", "--checkpoint", str(tmp_path / "nope.json"))
    assert code == 2
    assert out == ""
    assert "nope.json does not exist" in err


def test_the_console_script_exits_0_when_intact_and_1_when_broken(chain, attacker, capsys):
    code, out, _ = console(capsys, "audit", "verify")
    assert (code, out.startswith("intact (5 events")) == (0, True)
    attacker.delete_events(2)
    code, out, err = console(capsys, "audit", "verify", "--format", "json")
    assert code == 1
    assert json.loads(out)["problem"] == "event #2 is missing (the next stored event is #3)"
    assert err.strip() == "CommandError: the audit chain is not intact."
