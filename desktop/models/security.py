"""Shared mode: the server itself keeps puskesmas apart. Each puskesmas connects with its own PostgreSQL login
(listed in `server_login`); row-level security lets it see and change only its own rows, the kabupaten login read
every row and change none of a puskesmas's data; reference data (kabupaten, kecamatan, skills, settings' schema)
is written only by the owner, who runs the migrations and bypasses the policies as the tables' owner.

Which puskesmas a row belongs to is declared here once, per table. Tables that reach their puskesmas only through
a parent get a `puskesmas_id` column that a server trigger sets from the parent on every insert and update, so a
client cannot write it wrong; tables with no parent (drafts, audit trail) get the login's puskesmas. On SQLite
nothing of this applies: the columns exist (the schemas stay the same) and the server fills them when the data
moves there (db copy, --gabung)."""

from __future__ import annotations

import peewee

from desktop.models.db import BaseModel
from desktop.models.wilayah import Puskesmas


class ServerLogin(BaseModel):
    """A PostgreSQL login of a shared database and the puskesmas it works on (none: the kabupaten login)."""

    audited = False  # written by the `db server` commands and the add-puskesmas function

    login = peewee.CharField(primary_key=True)
    puskesmas = peewee.ForeignKeyField(Puskesmas, null=True, backref="+", on_delete="RESTRICT")

# table -> (parent table, column holding the parent's id): puskesmas_id is the parent's, set by a trigger
DERIVED = {
    "posyandu": ("desa", "desa_id"),
    "kader": ("posyandu", "posyandu_id"),
    "classification_assessment": ("kader", "kader_id"),
    "training_record": ("kader", "kader_id"),
    "technical_assignment": ("posyandu", "posyandu_id"),
    "sk_decree": ("desa", "desa_id"),
    "sk_member": ("sk_decree", "decree_id"),
    "activity_supervisor": ("activity", "activity_id"),
    "activity_kader": ("activity", "activity_id"),
    "record_answer": ("instrument_record", "record_id"),
    "record_kader": ("instrument_record", "record_id"),
    "user_desa": ("user", "user_id"),
}
SESSION_OWNED = ("instrument_draft", "audit_log")  # no parent: the puskesmas of the login that wrote the row
DIRECT = ("desa", "staff", "instrument_record", "activity", "follow_up", "user")  # the app writes puskesmas_id
# every table holding a puskesmas's data, with the column naming its puskesmas
PUSKESMAS_TABLES = {"puskesmas": "id", **{t: "puskesmas_id" for t in (*DIRECT, *DERIVED, *SESSION_OWNED)}}
# readable by every login, written only by the owner (migrations, `db server` commands); `setting` also by
# puskesmas logins (app-wide preferences such as the idle sign-out time)
REFERENCE = ("schema_version", "kabupaten", "kecamatan", "skill", "setting", "server_login")
# the puskesmas_id columns schema v10 added (tables made later are created with theirs)
ADDED_COLUMNS = (*(t for t in DERIVED if t != "record_kader"), *SESSION_OWNED)


def is_postgres(database: peewee.Database) -> bool:
    return isinstance(database, peewee.PostgresqlDatabase)


def install(database: peewee.Database) -> None:
    """Create or refresh the server's side of the separation (functions, triggers, policies) and fill any
    puskesmas_id left empty; idempotent, run by the owner after creating or upgrading the tables. No-op on
    SQLite."""
    if not is_postgres(database):
        return
    run = database.execute_sql
    run("CREATE OR REPLACE FUNCTION bina_puskesmas() RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER "
        "SET search_path = public, pg_temp AS $$ SELECT puskesmas_id FROM server_login "
        "WHERE login = session_user AND puskesmas_id IS NOT NULL $$")
    run("CREATE OR REPLACE FUNCTION bina_kabupaten() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER "
        "SET search_path = public, pg_temp AS $$ SELECT EXISTS (SELECT 1 FROM server_login "
        "WHERE login = session_user AND puskesmas_id IS NULL) $$")
    present = set(database.get_tables())  # a migration step installs what exists at its version
    for table, (parent, column) in DERIVED.items():
        if table not in present:
            continue
        _trigger(database, table, f'NEW.puskesmas_id := (SELECT puskesmas_id FROM "{parent}" '
                                  f'WHERE id = NEW."{column}");')
    for table in SESSION_OWNED:
        _trigger(database, table, "IF bina_puskesmas() IS NOT NULL THEN NEW.puskesmas_id := bina_puskesmas(); "
                                  "END IF;")
    fill(database, present)
    mine = "(SELECT bina_puskesmas())"  # a sub-select: evaluated once per query, not once per row
    for table, column in PUSKESMAS_TABLES.items():
        if table not in present:
            continue
        run(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        _policy(database, table, "bina_baca", f"FOR SELECT USING ({column} = {mine} OR (SELECT bina_kabupaten()))")
        _policy(database, table, "bina_tulis", f"FOR ALL USING ({column} = {mine}) WITH CHECK ({column} = {mine})")
    # the logins list: a puskesmas sees its own entry (so its own copy to a file stays whole), the kabupaten all
    kabupaten = "(SELECT bina_kabupaten())"
    run('ALTER TABLE "server_login" ENABLE ROW LEVEL SECURITY')
    _policy(database, "server_login", "bina_baca", f"FOR SELECT USING (puskesmas_id = {mine} OR {kabupaten})")
    # the kabupaten login signs in like any account: its own sign-in entries and its accounts' lock counters
    _policy(database, "audit_log", "bina_kabupaten_catat",
            f"FOR INSERT WITH CHECK ({kabupaten} AND puskesmas_id IS NULL)")
    own = f"{kabupaten} AND puskesmas_id IS NULL"
    _policy(database, "user", "bina_kabupaten_akun", f"FOR UPDATE USING ({own}) WITH CHECK ({own})")


def fill(database: peewee.Database, present: set[str] | None = None) -> None:
    """Give rows written before (or copied in without) a puskesmas_id theirs: a child its parent's, an audit entry
    its account's, a draft its record's; the rest of a one-puskesmas database that puskesmas. Run by the owner."""
    run = database.execute_sql
    present = set(database.get_tables()) if present is None else present
    for table, (parent, column) in DERIVED.items():  # parents first: DERIVED lists them in that order
        if table not in present:
            continue
        run(f'UPDATE "{table}" AS t SET puskesmas_id = p.puskesmas_id FROM "{parent}" AS p '
            f'WHERE p.id = t."{column}" AND t.puskesmas_id IS DISTINCT FROM p.puskesmas_id')
    run('UPDATE audit_log AS a SET puskesmas_id = u.puskesmas_id FROM "user" AS u '
        "WHERE a.puskesmas_id IS NULL AND u.username = a.username AND u.puskesmas_id IS NOT NULL")
    run("UPDATE instrument_draft AS d SET puskesmas_id = r.puskesmas_id FROM instrument_record AS r "
        "WHERE d.puskesmas_id IS NULL AND r.id = d.record_id")
    for table in SESSION_OWNED:
        run(f'UPDATE "{table}" SET puskesmas_id = (SELECT MIN(id) FROM puskesmas) WHERE puskesmas_id IS NULL '
            "AND (SELECT COUNT(*) FROM puskesmas) = 1 AND NOT EXISTS (SELECT 1 FROM \"user\" WHERE role = 'kabupaten')")


def _trigger(database: peewee.Database, table: str, body: str) -> None:
    name = f"bina_isi_puskesmas_{table}"
    database.execute_sql(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} "
                         "RETURN NEW; END $$")
    database.execute_sql(f'DROP TRIGGER IF EXISTS bina_isi_puskesmas ON "{table}"')
    database.execute_sql(f'CREATE TRIGGER bina_isi_puskesmas BEFORE INSERT OR UPDATE ON "{table}" '
                         f"FOR EACH ROW EXECUTE FUNCTION {name}()")


def _policy(database: peewee.Database, table: str, name: str, body: str) -> None:
    database.execute_sql(f'DROP POLICY IF EXISTS {name} ON "{table}"')
    database.execute_sql(f'CREATE POLICY {name} ON "{table}" {body}')


# --- logins ------------------------------------------------------------------------------------------------------

def group_role(database: peewee.PostgresqlDatabase) -> str:
    """The role every puskesmas login of this database belongs to (roles are server-wide, databases not)."""
    return f"{_database_name(database)}_puskesmas"[:63]


def kabupaten_role(database: peewee.PostgresqlDatabase) -> str:
    """The read-only kabupaten login of this database."""
    return f"{_database_name(database)}_kabupaten"[:63]


def _database_name(database: peewee.PostgresqlDatabase) -> str:
    return database.execute_sql("SELECT current_database()").fetchone()[0]


def role_exists(database: peewee.Database, role: str) -> bool:
    return bool(database.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone())


def logins_prepared(database: peewee.Database) -> bool:
    """Whether this server database was set up with one login per puskesmas (`db server siapkan`)."""
    return isinstance(database, peewee.PostgresqlDatabase) and role_exists(database, group_role(database))


def prepare_logins(database: peewee.PostgresqlDatabase, kabupaten_verifier: str | None) -> None:
    """Create (if missing) the puskesmas group and the kabupaten login, and give both exactly their rights. Needs a
    login allowed to create roles (the owner made by the server guide)."""
    group, kabupaten = group_role(database), kabupaten_role(database)
    if not role_exists(database, group):
        database.execute_sql(f'CREATE ROLE "{group}" NOLOGIN')
    if not role_exists(database, kabupaten):
        if kabupaten_verifier is None:
            raise ValueError("the kabupaten login needs a password")
        database.execute_sql(f"CREATE ROLE \"{kabupaten}\" LOGIN PASSWORD '{_quoted(kabupaten_verifier)}'")
    elif kabupaten_verifier is not None:
        database.execute_sql(f"ALTER ROLE \"{kabupaten}\" PASSWORD '{_quoted(kabupaten_verifier)}'")
    database.execute_sql("INSERT INTO server_login (login, puskesmas_id) VALUES (%s, NULL) ON CONFLICT DO NOTHING",
                         (kabupaten,))
    grant(database)


def grant(database: peewee.PostgresqlDatabase) -> None:
    """The table rights of the puskesmas group and the kabupaten login (again after a migration added tables)."""
    group, kabupaten = group_role(database), kabupaten_role(database)
    run = database.execute_sql
    run(f'GRANT CONNECT ON DATABASE "{_database_name(database)}" TO "{group}", "{kabupaten}"')
    run(f'GRANT USAGE ON SCHEMA public TO "{group}", "{kabupaten}"')
    run(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{group}", "{kabupaten}"')
    run(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{group}"')
    data = ", ".join(f'"{t}"' for t in PUSKESMAS_TABLES if t not in ("puskesmas", "audit_log"))
    run(f'GRANT INSERT, UPDATE, DELETE ON {data}, "setting" TO "{group}"')
    run(f'GRANT INSERT ON "audit_log" TO "{group}"')  # the trail is append-only: nobody but the owner rewrites it
    run(f'GRANT UPDATE ON "puskesmas" TO "{group}"')  # its own identity; added only by the kabupaten/owner
    run(f'GRANT INSERT ON "audit_log" TO "{kabupaten}"')
    run(f'GRANT UPDATE ON "user" TO "{kabupaten}"')
    run(f'GRANT USAGE ON SEQUENCE audit_log_id_seq TO "{kabupaten}"')
    # adding a puskesmas (and its login) is the one change the kabupaten login makes, through this function only;
    # the model's plain defaults fill the other columns (peewee's defaults live in Python, not in the table)
    defaults = [(f.column_name, _literal(f.default)) for f in Puskesmas._meta.sorted_fields
                if f.name not in ("id", "kabupaten", "name") and f.default is not None and not callable(f.default)]
    run("CREATE OR REPLACE FUNCTION bina_tambah_puskesmas(kabupaten integer, nama text, login text, verifier text) "
        "RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$ "
        "DECLARE added integer; BEGIN "
        "IF login !~ '^[a-z0-9_]{1,63}$' THEN RAISE EXCEPTION 'nama login tidak sah: %%', login; END IF; "
        f"INSERT INTO puskesmas (kabupaten_id, name{''.join(', ' + c for c, _ in defaults)}) "
        f"VALUES (kabupaten, nama{''.join(', ' + v for _, v in defaults)}) RETURNING id INTO added; "
        f"EXECUTE format('CREATE ROLE %%I LOGIN PASSWORD %%L IN ROLE %%I', login, verifier, '{group}'); "
        "INSERT INTO server_login (login, puskesmas_id) VALUES (login, added); "
        "RETURN added; END $$")
    run("REVOKE ALL ON FUNCTION bina_tambah_puskesmas(integer, text, text, text) FROM PUBLIC")
    run(f'GRANT EXECUTE ON FUNCTION bina_tambah_puskesmas(integer, text, text, text) TO "{kabupaten}"')


def add_login(database: peewee.PostgresqlDatabase, puskesmas_id: int, login: str, verifier: str) -> None:
    """A login for an existing puskesmas (merged in, or made before logins existed)."""
    database.execute_sql(f"CREATE ROLE \"{login}\" LOGIN PASSWORD '{_quoted(verifier)}' IN ROLE "
                         f'"{group_role(database)}"')
    database.execute_sql("INSERT INTO server_login (login, puskesmas_id) VALUES (%s, %s)", (login, puskesmas_id))


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return f"'{_quoted(str(value))}'"


def _quoted(text: str) -> str:
    return text.replace("'", "''")
