"""``palermo rotate-keys`` moves every value to the newest key without losing one."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.conf import settings as django_settings

from palermo.core import crypto, keys
from palermo.core.models import AuditAction, AuditEvent, KeyCanary
from tests.cli import console
from tests.core.conftest import raw_rows, run_command
from tests.testapp.models import Note, Secret

K1 = django_settings.PALERMO_DATA_KEYS["k1"]
K3 = base64.b64decode("MzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM=")
KX = b"x" * 32


def raw_tokens() -> list[str]:
    tokens = [v for row in raw_rows("SELECT name, born, contacts FROM testapp_secret")
              for v in row]
    tokens += [row[0] for row in raw_rows("SELECT body FROM testapp_note")]
    return [t for t in tokens if t is not None]


def snapshot() -> dict[str, list[object]]:
    return {
        "secrets": sorted(
            ((s.pk, s.name, s.born, s.contacts) for s in Secret.objects.all()), key=str
        ),
        "notes": sorted(((n.pk, n.body) for n in Note.objects.all()), key=str),
    }


@pytest.fixture
def old_data(settings, org_a):
    """Seven secrets and five notes written while k1 was the only key."""
    settings.PALERMO_DATA_KEYS = {"k1": K1}
    for n in range(7):
        Secret.objects.create(
            organisation=org_a,
            name=f"Ирина Смирнова {n}" if n % 2 else f"Irina Smirnova {n}",
            born=datetime.date(1990, 1, n + 1) if n != 3 else None,
            contacts={"phone": f"+7 900 000 00 0{n}"} if n != 5 else None,
        )
    for n in range(5):
        Note.objects.create(body=f"заметка {n}" if n != 2 else None)
    return snapshot()


def test_rotation_moves_every_value_to_the_new_key_and_loses_nothing(settings, old_data):
    assert {t.split(".")[1] for t in raw_tokens()} == {"k1"}
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}

    code, out, err = run_command("rotate_keys", "--batch-size", "3")

    assert code == 0, err
    assert all(token.startswith("pe1.k3.") for token in raw_tokens())
    assert "Values still under older keys: 0." in out
    assert "Keys that may now be removed from PALERMO_DATA_KEYS: k1." in out
    settings.PALERMO_DATA_KEYS = {"k3": K3}
    assert (Secret.objects.count(), Note.objects.count()) == (7, 5)
    assert snapshot() == old_data


def test_rotation_reports_its_counts(settings, old_data):
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}
    code, out, _ = run_command("rotate_keys")
    # 7 names + 6 dates + 6 contact records; 4 note bodies.
    assert "Re-encrypted 23 value(s) in 11 row(s) under key 'k3'." in out
    assert "testapp.Secret: 19 value(s) (born 6, contacts 6, name 7)" in out
    assert "testapp.Note: 4 value(s) (body 4)" in out


def test_values_already_under_the_newest_key_are_not_rewritten(settings, old_data, org_a):
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}
    fresh = Secret.objects.create(organisation=org_a, name="new", born=datetime.date(2000, 1, 1))
    before = raw_rows("SELECT name, born FROM testapp_secret WHERE id = %s", [fresh.pk])
    run_command("rotate_keys")
    assert raw_rows("SELECT name, born FROM testapp_secret WHERE id = %s", [fresh.pk]) == before


def test_a_dry_run_counts_per_key_and_changes_nothing(settings, old_data):
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}
    before = raw_tokens()
    events = AuditEvent.objects.count()
    code, out, _ = run_command("rotate_keys", "--dry-run")
    assert code == 0
    assert "Dry run: 23 value(s) in 11 row(s) are under keys other than 'k3'" in out
    assert "testapp.Secret.name: k1: 7" in out
    assert "testapp.Note.body: k1: 4" in out
    assert raw_tokens() == before
    assert AuditEvent.objects.count() == events
    assert not KeyCanary.objects.filter(key_id="k3").exists()


def test_rotation_writes_one_audit_event_with_counts_per_model(settings, old_data):
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}
    events = AuditEvent.objects.count()
    run_command("rotate_keys")
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("seq")
    assert (event.action, event.object_type, event.actor_id) == (
        AuditAction.UPDATE, "core.KeyRing", None
    )
    reencrypted = {k: v for k, v in event.detail["values_reencrypted"].items() if v}
    rewritten = {k: v for k, v in event.detail["rows_rewritten"].items() if v}
    assert reencrypted == {"testapp.Note": 4, "testapp.Secret": 19}
    assert rewritten == {"testapp.Note": 4, "testapp.Secret": 7}
    assert event.detail["values_left_under_older_keys"] == 0
    assert event.detail["completed"] is True


def test_after_rotation_the_old_key_may_leave_the_ring_and_startup_stays_clean(settings,
                                                                               old_data):
    settings.PALERMO_DATA_KEYS = {"k3": K3}
    assert any("'k1'" in problem for problem in keys.key_problems()), "removed too early"

    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}
    run_command("rotate_keys")
    assert set(KeyCanary.objects.values_list("key_id", flat=True)) >= {"k1", "k3"}
    settings.PALERMO_DATA_KEYS = {"k3": K3}
    assert keys.key_problems() == []


def test_making_a_retired_key_newest_again_puts_it_back_in_use_at_the_next_startup_check(
    settings, old_data
):
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}
    run_command("rotate_keys")
    assert KeyCanary.objects.get(key_id="k1").retired_at is not None
    settings.PALERMO_DATA_KEYS = {"k1": K1, "k3": K3}
    assert keys.key_problems() == []
    assert KeyCanary.objects.get(key_id="k1").retired_at is None
    settings.PALERMO_DATA_KEYS = {"k3": K3}
    assert any("'k1', which is missing" in problem for problem in keys.key_problems())


def test_an_undecryptable_value_stops_with_exit_2_naming_where_and_leaves_its_batch_untouched(
    settings, old_data, org_a
):
    settings.PALERMO_DATA_KEYS = {"kx": KX}
    bad = Secret.objects.create(organisation=org_a, name="Unreadable Person")
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}
    secrets_sql = "SELECT id, name, born, contacts FROM testapp_secret ORDER BY id"
    before = raw_rows(secrets_sql)

    code, out, err = run_command("rotate_keys", "--batch-size", "100")

    assert code == 2
    assert f"testapp.Secret.name of row pk={bad.pk} cannot be decrypted (key 'kx')" in err
    assert "Unreadable Person" not in out + err
    assert raw_rows(secrets_sql) == before
    event = AuditEvent.objects.latest("seq")
    assert (event.object_type, event.detail["completed"]) == ("core.KeyRing", False)


def test_earlier_batches_stay_rotated_and_a_second_run_finishes_once_the_key_is_back(
    settings, old_data, org_a
):
    settings.PALERMO_DATA_KEYS = {"kx": KX}
    Secret.objects.create(organisation=org_a, name="Written under kx")
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}

    code, _, err = run_command("rotate_keys", "--batch-size", "1")
    assert code == 2
    assert "re-encrypted before it are committed and readable" in err
    names = [row[0] for row in raw_rows("SELECT name FROM testapp_secret ORDER BY id")]
    assert [name.split(".")[1] for name in names] == ["k3"] * 7 + ["kx"]

    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1, "kx": KX}
    code, out, _ = run_command("rotate_keys", "--batch-size", "1")
    assert code == 0
    assert all(token.startswith("pe1.k3.") for token in raw_tokens())
    settings.PALERMO_DATA_KEYS = {"k3": K3}
    assert snapshot()["secrets"][:7] == old_data["secrets"]


def test_a_row_saved_by_the_application_during_rotation_keeps_the_new_value(
    settings, old_data, monkeypatch
):
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}
    target = Note.objects.filter(body__isnull=False).order_by("pk")[0]
    real = crypto.reencrypt

    def save_meanwhile(token: str, *, context: str) -> str:
        if context == "testapp.Note.body":
            Note.objects.filter(pk=target.pk).update(body="saved meanwhile")
        return real(token, context=context)

    monkeypatch.setattr(crypto, "reencrypt", save_meanwhile)
    code, out, _ = run_command("rotate_keys", "--batch-size", "1")
    assert code == 0
    assert Note.objects.get(pk=target.pk).body == "saved meanwhile"
    assert "Values still under older keys: 0." in out
    event = AuditEvent.objects.latest("seq")
    assert event.detail["rows_changed_meanwhile"]["testapp.Note"] == 1


def test_rotation_refuses_a_key_whose_bytes_changed_under_the_same_id(settings, old_data):
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": KX}
    before = raw_tokens()
    code, _, err = run_command("rotate_keys")
    assert code == 2
    assert "'k1'" in err
    assert "nothing was changed" in err
    assert raw_tokens() == before


def test_rotation_rejects_a_batch_size_below_one(db):
    code, _, err = run_command("rotate_keys", "--batch-size", "0")
    assert (code, "at least 1" in err) == (2, True)


def test_the_console_script_runs_rotate_keys_and_exits_2_on_an_unreadable_value(
    settings, old_data, org_a, capsys
):
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}
    code, out, _ = console(capsys, "rotate-keys", "--dry-run")
    assert (code, "23 value(s) in 11 row(s)" in out) == (0, True)

    settings.PALERMO_DATA_KEYS = {"kx": KX}
    Secret.objects.create(organisation=org_a, name="x")
    settings.PALERMO_DATA_KEYS = {"k3": K3, "k1": K1}
    code, _, err = console(capsys, "rotate-keys")
    assert code == 2
    assert "cannot be decrypted (key 'kx')" in err
