"""``palermo audit checkpoint`` anchors the verified head outside the database."""

from __future__ import annotations

import json

from palermo.core import audit
from palermo.core.models import AuditAction
from tests.core.conftest import run_command


def test_checkpoint_prints_the_head_as_json_and_writes_the_head_file(chain, audit_head_file):
    audit_head_file.unlink()
    code, out, err = run_command("audit", "checkpoint")
    assert code == 0
    document = json.loads(out)
    assert document == audit.checkpoint_document(5, chain[-1].hash)
    assert set(document) == {"seq", "hash", "mac"}
    assert json.loads(audit_head_file.read_text()) == document
    assert str(audit_head_file) in err


def test_the_printed_checkpoint_is_accepted_by_verify(chain, tmp_path):
    _, out, _ = run_command("audit", "checkpoint")
    copy = tmp_path / "copy.json"
    copy.write_text(out)
    audit.record(actor=None, action=AuditAction.VIEW)
    code, report, _ = run_command("audit", "verify", "--checkpoint", str(copy))
    assert code == 0
    assert report.startswith("intact (6 events")
    assert "2 checkpoints matched" in report


def test_checkpoint_refuses_to_anchor_a_broken_chain(chain, attacker, audit_head_file):
    before = audit_head_file.read_text()
    attacker.delete_events(2)
    code, out, err = run_command("audit", "checkpoint")
    assert code == 1
    assert out == ""
    assert "event #2 is missing" in err
    assert audit_head_file.read_text() == before
