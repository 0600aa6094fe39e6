"""On PostgreSQL, the database itself refuses to change or remove audit events.

The model already refuses updates and deletes; these triggers also stop raw SQL, bulk tools and
other clients of the database. Someone who owns the tables can still disable them: that is what
the HMAC chain and the off-box checkpoint are for. TRUNCATE stays possible on purpose (test
teardown and a deliberate reset of a scratch database use it).
SQLite has no equivalent worth the name, so nothing is installed there.
"""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION palermo_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'palermo: audit events are append-only (% refused on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER palermo_audit_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION palermo_audit_append_only();

CREATE OR REPLACE FUNCTION palermo_audit_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'palermo: the audit chain head only moves forward (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER palermo_audit_head_forward_only
    BEFORE UPDATE OR DELETE ON core_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION palermo_audit_head_forward_only();
"""

REMOVE = """
DROP TRIGGER IF EXISTS palermo_audit_head_forward_only ON core_auditchainhead;
DROP FUNCTION IF EXISTS palermo_audit_head_forward_only();
DROP TRIGGER IF EXISTS palermo_audit_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS palermo_audit_append_only();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_keycanary_retired_at"),
    ]

    operations = [migrations.RunPython(install, remove, elidable=False)]
