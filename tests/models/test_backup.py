import datetime as dt

from desktop.models import backup
from desktop.models.db import close_db
from desktop.models.people import Kader
from desktop.models.schema import check_file, open_database
from desktop.models.wilayah import Kabupaten


def test_daily_backup_once_a_day_and_rotation(db, db_path):
    first = backup.daily_backup(db_path, today=dt.date(2026, 11, 1))
    assert first is not None and check_file(first)[0]
    assert backup.daily_backup(db_path, today=dt.date(2026, 11, 1)) is None  # at most once a day
    for day in range(2, 20):
        backup.daily_backup(db_path, keep=14, today=dt.date(2026, 11, day))
    kept = backup.auto_backups(db_path)
    assert len(kept) == 14
    assert kept[0].name.startswith("otomatis-20261106") and kept[-1].name.startswith("otomatis-20261119")


def test_backup_includes_uncheckpointed_wal_data(db, db_path, tmp_path):
    Kabupaten.create(name="Bekasi")  # sits in the -wal file until a checkpoint
    dest = backup.backup_to(tmp_path / "copy.db")
    close_db()
    open_database(dest)
    assert Kabupaten.get().name == "Bekasi"


def test_restore_replaces_database_and_keeps_the_old_one(demo_db, tmp_path):
    saved = backup.backup_to(tmp_path / "cadangan.db")
    Kader.update(name="DIUBAH").execute()
    close_db()
    kept = backup.restore(saved, demo_db)
    open_database(demo_db)
    assert Kader.select().where(Kader.name == "DIUBAH").count() == 0
    assert Kader.select().count() > 100
    close_db()
    open_database(kept)
    assert Kader.select().where(Kader.name == "DIUBAH").count() == Kader.select().count()
