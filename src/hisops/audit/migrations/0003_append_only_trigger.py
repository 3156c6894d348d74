"""On PostgreSQL the database itself refuses to rewrite the audit log: DELETE is refused,
and UPDATE only seals a row's chain columns once (hash still empty, content unchanged).
SQLite (the embedded mode) relies on the model's guards and the hash chain."""

from django.db import migrations

GUARD = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit events cannot be deleted';
    END IF;
    IF OLD.hash <> '' THEN
        RAISE EXCEPTION 'audit events cannot be changed';
    END IF;
    IF (NEW.occurred_at, NEW.hospital_id, NEW.actor_id, NEW.actor_username, NEW.actor_role, NEW.action,
        NEW.object_type, NEW.object_id, NEW.object_repr, NEW.changes::text, NEW.source_ip, NEW.success,
        NEW.message)
       IS DISTINCT FROM
       (OLD.occurred_at, OLD.hospital_id, OLD.actor_id, OLD.actor_username, OLD.actor_role, OLD.action,
        OLD.object_type, OLD.object_id, OLD.object_repr, OLD.changes::text, OLD.source_ip, OLD.success,
        OLD.message) THEN
        RAISE EXCEPTION 'audit events cannot be changed';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_heads_and_protected_actor")]

    operations = [migrations.RunPython(forwards, backwards)]
