"""Many clients writing to one shared PostgreSQL database at once: each client process saves instrument records
(each with a finding, which becomes a follow-up in the same transaction) and edits its own follow-ups, and now and
then edits the one kader row every client shares. Two sheets completing the same planned activity (a visit in the
month's schedule) also edit one row: the later one meets an edit conflict, as a second PC would. Reported: save
latency (p50/p95/max) against one client alone in the same run, errors, and the checks afterwards — every record
and follow-up a client reports is in the database with its answers, every follow-up holds the client's last edit,
and edit conflicts happened only on rows two clients edited.

The server is the throwaway one `scripts/_pg.sh` starts (`BINA_KADER_TEST_PG`); each run uses a new database
holding a copy of the small demo, dropped afterwards."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

INSTRUMENT = "observasi_individu"
SHARED_EVERY = 10  # one operation in ten edits the shared kader row
FIRST_DAY = dt.date(2026, 11, 10)  # the newest sheet's day; earlier ones go back a day per round of kader
EDIT_EVERY = 3  # one in three edits one of the client's own follow-ups (the rest save a new record)

CLIENT = """
import json, sys
from bench.concurrency import client
print(json.dumps(client(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]),
                        float(sys.argv[6]))))
"""


def client(url: str, number: int, clients: int, start_at: float, seconds: float, pace: float = 0.0) -> dict:
    """One client: connect, wait for the common start, then save and edit for `seconds`, flat out or (`pace`)
    starting one operation every `pace` seconds, its first at a random offset. Returns what it did."""

    from desktop.instruments.loader import load_instrument
    from desktop.models.errors import EditConflict
    from desktop.models.people import Kader, Staff
    from desktop.models.schedule import FollowUp
    from desktop.models.schema import open_database
    from desktop.models.settings import current_puskesmas
    from desktop.services import records

    open_database(url)
    inst = load_instrument(INSTRUMENT)
    puskesmas = current_puskesmas()
    from desktop.models.people import Posyandu
    from desktop.models.wilayah import Desa

    every = list(Kader.select(Kader.id, Kader.posyandu).join(Posyandu).join(Desa)
                 .where(Desa.puskesmas == puskesmas, Kader.active).order_by(Kader.id))
    shared_id = every[0].id
    mine = every[1 + number::clients] or every[1:2]
    supervisor = Staff.select().order_by(Staff.id).first().id
    rng = random.Random(number)
    saved: list[int] = []
    follow_ups: dict[int, str] = {}  # id -> the last owner text this client wrote
    latencies: list[float] = []
    conflicts = {"shared": 0, "activity": 0, "own": 0}
    errors: list[str] = []
    shared_edits = 0
    from desktop.models.records import InstrumentRecord

    taken = set(InstrumentRecord.select(InstrumentRecord.kader, InstrumentRecord.activity_date).where(
        InstrumentRecord.instrument == INSTRUMENT, InstrumentRecord.kader.in_([k.id for k in mine])).tuples())
    slot = 0  # the next (kader, day) to try; the demo's own sheets are passed over (the same sheet twice is refused)
    while time.time() < start_at:
        time.sleep(0.005)
    end = start_at + seconds
    n = 0
    due = time.time() + rng.uniform(0, pace)
    while time.time() < end:
        if pace:
            time.sleep(max(0.0, due - time.time()))
            due += pace
        n += 1
        begin = time.perf_counter()
        try:
            if n % SHARED_EVERY == 0:  # a form held open a moment on the row everyone edits
                kader = Kader.get_by_id(shared_id)
                time.sleep(rng.uniform(0.005, 0.03))
                kader.phone = f"08{number:02d}{n:08d}"
                kader.save()
                shared_edits += 1
            elif n % EDIT_EVERY == 0 and follow_ups:
                item = FollowUp.get_by_id(rng.choice(list(follow_ups)))
                item.owner = f"klien {number} edit {n}"
                item.save()
                follow_ups[item.id] = item.owner
            else:  # one sheet per kader and day (the same sheet twice is refused): kader in turn, a day earlier
                while True:
                    kader = mine[slot % len(mine)]
                    day = FIRST_DAY - dt.timedelta(days=slot // len(mine))
                    slot += 1
                    if (kader.id, day) not in taken:
                        break
                answers = {"kader": kader.id, "posyandu": kader.posyandu_id, "tanggal": day.isoformat(),
                           "setting": "kunjungan_rumah", "supervisor": supervisor,
                           "A1": {"nilai": "belum", "catatan": f"klien {number} simpan {n}"}}
                record = records.save_answers(inst, answers)
                saved.append(record.id)
                for item_id, owner in FollowUp.select(FollowUp.id, FollowUp.owner).where(
                        FollowUp.source == record.id).tuples():
                    follow_ups[item_id] = owner
            latencies.append(time.perf_counter() - begin)
        except EditConflict as exc:  # which row: the shared kader, or a planned activity two sheets complete
            conflicts[_conflict_kind(n, exc)] += 1
        except Exception as exc:  # noqa: BLE001 - every other failure is counted and named
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
    from desktop.models.db import close_db

    close_db()
    return {"saved": saved, "follow_ups": follow_ups, "latencies": latencies, "conflicts": conflicts,
            "errors": errors, "shared_edits": shared_edits}


def _conflict_kind(n: int, exc) -> str:
    """"shared": the kader row every client edits; "activity": a planned activity another client's sheet marked
    done first (the same row); "own": a row only this client writes (must never happen)."""
    if n % SHARED_EVERY == 0:
        return "shared"
    return "activity" if type(exc.mine).__name__ == "Activity" else "own"


@dataclass
class Result:
    clients: int
    seconds: float
    saves: int  # operations that succeeded (records saved, follow-ups and the shared row edited)
    p50: float
    p95: float
    worst: float
    errors: list[str]
    conflicts_shared: int
    conflicts_activity: int
    conflicts_own: int
    lost: list[str]  # what a client reported that the database does not hold

    @property
    def ok(self) -> bool:
        return not self.errors and not self.lost and self.conflicts_own == 0


def _server() -> str:
    url = os.environ.get("BINA_KADER_TEST_PG")
    if not url:
        raise SystemExit("BINA_KADER_TEST_PG is not set: run ./scripts/bench, which starts the throwaway server")
    return url


def _database(demo: Path) -> tuple[str, object]:
    """A new database on the server holding a copy of the small demo: (url, drop)."""
    import psycopg

    from desktop.models.db import close_db
    from desktop.services.db_copy import copy_database

    admin_url = _server()
    admin = psycopg.connect(admin_url, autocommit=True)
    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    copy_database(demo, url)
    close_db()

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return url, drop


def _run(url: str, clients: int, seconds: float, pace: float) -> Result:
    start_at = time.time() + 3 + clients * 0.3  # every client connected and checked the schema before
    procs = [subprocess.Popen([sys.executable, "-c", CLIENT, url, str(k), str(clients), str(start_at),
                               str(seconds), str(pace)], stdout=subprocess.PIPE, text=True) for k in range(clients)]
    outs = []
    for proc in procs:
        out, _ = proc.communicate(timeout=seconds + 120)
        if proc.returncode != 0:
            raise RuntimeError(f"a client failed (exit {proc.returncode})")
        outs.append(json.loads(out.strip().splitlines()[-1]))
    latencies = sorted(x for o in outs for x in o["latencies"])
    lost = _verify(url, outs)
    return Result(clients, seconds, len(latencies), statistics.median(latencies),
                  latencies[max(0, int(len(latencies) * 0.95) - 1)], latencies[-1],
                  [e for o in outs for e in o["errors"]], sum(o["conflicts"]["shared"] for o in outs),
                  sum(o["conflicts"]["activity"] for o in outs), sum(o["conflicts"]["own"] for o in outs), lost)


def _verify(url: str, outs: list[dict]) -> list[str]:
    """Everything the clients report saved is there: records with their answers, follow-ups with the last edit."""
    from desktop.models.db import close_db
    from desktop.models.records import InstrumentRecord, RecordAnswer
    from desktop.models.schedule import FollowUp
    from desktop.models.schema import open_database

    open_database(url)
    lost = []
    try:
        saved = [r for o in outs for r in o["saved"]]
        found = InstrumentRecord.select().where(InstrumentRecord.id.in_(saved)).count() if saved else 0
        if found != len(saved) or len(set(saved)) != len(saved):
            lost.append(f"{len(saved)} catatan dilaporkan, {found} ada")
        answered = (RecordAnswer.select(RecordAnswer.record).where(RecordAnswer.record.in_(saved)).distinct().count()
                    if saved else 0)
        if answered != len(saved):
            lost.append(f"{len(saved) - answered} catatan tanpa jawaban terindeks")
        owners = {item: owner for o in outs for item, owner in o["follow_ups"].items()}
        stored = dict(FollowUp.select(FollowUp.id, FollowUp.owner).where(
            FollowUp.id.in_([int(i) for i in owners])).tuples()) if owners else {}
        wrong = [i for i, owner in owners.items() if stored.get(int(i)) != owner]
        if wrong:
            lost.append(f"{len(wrong)} tindak lanjut tanpa suntingan terakhirnya")
        with_follow_up = (FollowUp.select(FollowUp.source).where(FollowUp.source.in_(saved)).distinct().count()
                          if saved else 0)
        if with_follow_up != len(saved):
            lost.append(f"{len(saved) - with_follow_up} catatan tanpa tindak lanjut temuannya")
    finally:
        close_db()
    return lost


def measure(demo: Path, clients: int, seconds: float, pace: float = 0.0) -> tuple[Result, Result]:
    """(one client alone, `clients` at once), each on its own fresh copy of the demo on the server; `pace`: each
    client starts one operation every `pace` seconds instead of flat out."""
    results = []
    for count in (1, clients):
        url, drop = _database(demo)
        try:
            results.append(_run(url, count, seconds, pace))
        finally:
            drop()
    return results[0], results[1]
