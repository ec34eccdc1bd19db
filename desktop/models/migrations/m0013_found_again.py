"""v13: a skill found wanting again for the same kader (or posyandu service) while its earlier finding was still
open made a second open finding; open-finding counts and the next steps counted it twice. Existing duplicates are
resolved by the same rule new saves follow (`cycle_rules.found_again`): the newest stays open, each earlier one
becomes "diganti" (found again), ended on the newer finding's day by the newer one's record. No column changes."""

import datetime as dt
import json

from playhouse.migrate import SchemaMigrator

from desktop.models.cycle_rules import found_again


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def migrate(migrator: SchemaMigrator) -> None:
    database, param = migrator.database, migrator.database.param
    found = database.execute_sql(
        'SELECT f."id", f."posyandu_id", f."kader_id", f."skills", r."activity_date", f."status", f."source_id" '
        'FROM "follow_up" AS f JOIN "instrument_record" AS r ON r."id" = f."source_id" '
        "WHERE f.\"kind\" = 'temuan' AND r.\"deleted_at\" IS NULL").fetchall()
    rows = []
    for fid, posyandu, kader, skills, day, status, source in found:
        decoded = json.loads(skills) if isinstance(skills, str) else skills
        if decoded:
            rows.append((fid, posyandu, kader, str(decoded[0]), _day(day), status != "terbuka", source))
    by_id = {r[0]: (r[4], r[6]) for r in rows}
    for old, newer in found_again(r[:6] for r in rows).items():
        day, source = by_id[newer]
        database.execute_sql(f'UPDATE "follow_up" SET "status" = \'diganti\', "closed_on" = {param}, '
                             f'"closed_by_id" = {param} WHERE "id" = {param}', (day, source, old))
