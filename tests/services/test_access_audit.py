"""The outside audit's access-control probes (issue 16, rows 3–8 and audit completeness), repeated against the
services the screens and the CLI call: each must now be refused, or leave an audit entry."""

import datetime as dt
import json
import subprocess
import sys

import pytest

from desktop.instruments.loader import load_instrument
from desktop.models.audit import AuditLog
from desktop.models.db import DB
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.records import InstrumentRecord
from desktop.models.schedule import Activity
from desktop.models.teams import SkDecree, TechnicalAssignment
from desktop.models.users import User, check_password
from desktop.models.wilayah import Desa, Puskesmas
from desktop.services import auth, kader_service, records, schedule, teams

PASSWORD = "rahasia-kuat"


@pytest.fixture
def office(demo_db):
    auth.create_user("Siti Promkes", "siti", PASSWORD, "admin")
    yield demo_db
    auth.log_out()


def _refusals() -> int:
    return AuditLog.select().where(AuditLog.action == "ditolak").count()


def test_row3_kabupaten_admin_cannot_take_over_a_pj_promkes(office):
    auth.create_user("Dinkes", "dinkes", PASSWORD, "kabupaten")  # the first one: made while one puskesmas
    siti = User.get(User.username == "siti")
    auth.log_in("dinkes", PASSWORD)
    before = _refusals()
    with pytest.raises(UserError, match="PJ Promkes pertama"):
        auth.reset_password(siti, "diambil-alih")
    with pytest.raises(UserError, match="PJ Promkes pertama"):  # a second PJ Promkes for a staffed puskesmas
        auth.create_user("Palsu", "palsu", PASSWORD, "admin", puskesmas_id=siti.puskesmas_id)
    with pytest.raises(UserError, match="tidak berhak"):
        auth.create_user("Bidan", "bidan2", PASSWORD, "supervisor", puskesmas_id=siti.puskesmas_id)
    with pytest.raises(UserError):
        auth.set_active(siti, False)
    assert check_password(PASSWORD, User.get_by_id(siti.id).password_hash) and User.get_by_id(siti.id).active
    assert not User.select().where(User.username.in_(["palsu", "bidan2"])).exists()
    assert _refusals() == before + 4  # every refused attempt is in the trail
    assert [code for code, _ in auth.grantable_roles()] == ["admin", "kabupaten"]
    with pytest.raises(UserError, match="tidak berhak mengubah data induk"):  # reads, never edits
        kader_service.save_kader(kader_service.KaderForm(posyandu_id=Posyandu.select().first().id, name="X"))


def test_row3_the_users_editor_offers_only_grantable_roles(office):
    assert [code for code, _ in auth.grantable_roles()] == ["admin", "supervisor", "desa", "cetak", "kabupaten"]
    auth.create_user("Dinkes", "dinkes", PASSWORD, "kabupaten")
    assert "kabupaten" not in dict(auth.grantable_roles())  # only the first kabupaten account comes from here
    auth.create_user("Staf", "staf", PASSWORD, "cetak")
    auth.log_in("staf", PASSWORD)
    assert auth.grantable_roles() == []


def test_row4_shared_server_admin_stays_within_her_puskesmas(office):
    here = Puskesmas.get_by_id(1)
    other = Puskesmas.create(kabupaten=here.kabupaten, name="Puskesmas Serang Baru")
    auth.log_out()
    User.create(name="Rudi", username="rudi", role="admin", password_hash=User.get(User.username == "siti")
                .password_hash, puskesmas=other)
    auth.log_in("siti", PASSWORD)
    rudi = User.get(User.username == "rudi")
    with pytest.raises(UserError, match="puskesmas lain"):
        auth.reset_password(rudi, "diambil-alih")
    with pytest.raises(UserError, match="tidak berhak memberi"):  # two puskesmas: no kabupaten account from here
        auth.create_user("Dinkes", "dinkes", PASSWORD, "kabupaten")
    with pytest.raises(UserError, match="puskesmas lain"):
        auth.create_user("Mata-mata", "spy", PASSWORD, "admin", puskesmas_id=other.id)
    assert check_password(PASSWORD, User.get_by_id(rudi.id).password_hash)
    assert not User.select().where(User.username.in_(["dinkes", "spy"])).exists()
    assert "rudi" not in [u.username for u, _ in auth.user_rows()]


def test_row5_permission_is_judged_on_the_stored_row_and_the_new_value(office):
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    bidan = Staff.get(Staff.role == "bidan_desa")
    TechnicalAssignment.delete().where(TechnicalAssignment.staff == bidan).execute()
    TechnicalAssignment.create(staff=bidan, posyandu=melati, since=dt.date(2026, 1, 1))
    auth.create_user("Bidan", "bidan", PASSWORD, "supervisor", staff_id=bidan.id)
    theirs = InstrumentRecord.select().where(InstrumentRecord.posyandu != melati,
                                             InstrumentRecord.deleted_at.is_null()).first()
    activity = Activity.select().where(Activity.posyandu != melati).first()
    other_desa = Desa.select().where(Desa.id != melati.desa_id).first()
    sk = SkDecree.create(desa=other_desa, number="9/2026", signed_on=dt.date(2026, 1, 5), signer="Pak Lurah",
                        valid_from=dt.date(2026, 1, 5))
    auth.create_user("Kades", "kades", PASSWORD, "desa", desa_ids=[melati.desa_id])

    auth.log_in("bidan", PASSWORD)
    inst = load_instrument(theirs.instrument)
    with pytest.raises(UserError, match="bukan binaan Anda"):  # re-pointed to her own posyandu
        records.save_answers(inst, {**theirs.answers, "posyandu": melati.id}, record=theirs)
    row = schedule.row_of(activity)
    row.posyandu_id = melati.id
    with pytest.raises(UserError, match="bukan binaan Anda"):
        schedule.save_activity(activity.puskesmas, row, activity, allow_conflicts=True)
    with pytest.raises(UserError, match="bukan binaan Anda"):
        theirs.posyandu = melati.id  # the instance says hers; the stored row does not
        records.trash_record(theirs)
    assert InstrumentRecord.get_by_id(theirs.id).posyandu_id != melati.id
    assert Activity.get_by_id(activity.id).posyandu_id == activity.posyandu_id

    auth.log_in("kades", PASSWORD)
    form = teams.SkForm(desa_id=melati.desa_id, number="9/2026", signed_on="2026-01-05", signer="Pak Kades",
                        members=[teams.MemberForm("Ani", "Ketua")])
    with pytest.raises(UserError, match="untuk desa ini"):  # another desa's SK passed with her own desa id
        teams.save_sk(form, sk)
    assert SkDecree.get_by_id(sk.id).desa_id == other_desa.id


def test_row6_nik_prefix_search_only_for_roles_that_see_niks(office):
    kader = Kader.select().where(Kader.nik.is_null(False)).first()
    auth.create_user("Staf", "staf", PASSWORD, "cetak")
    assert kader in kader_service.query_kader(kader_service.KaderFilter(text=kader.nik[:6]))  # PJ Promkes
    auth.log_in("staf", PASSWORD)
    found = set()
    for digit in "0123456789":  # the attack: one more digit per search
        if list(kader_service.query_kader(kader_service.KaderFilter(text=kader.nik[:5] + digit))):
            found.add(digit)
    assert not found
    assert list(kader_service.query_kader(kader_service.KaderFilter(text=kader.nik))) == [kader]  # whole NIK


PARALLEL_WRONG = r"""
import sys
from pathlib import Path
from desktop.models.errors import UserError
from desktop.models.schema import open_database
from desktop.services import auth

open_database(Path(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    try:
        auth.log_in("siti", "tebakan-salah")
    except UserError as exc:
        print(str(exc), flush=True)
"""


def test_row7_parallel_wrong_passwords_lock_the_account(office):
    from desktop.models.db import close_db

    auth.log_out()
    close_db()
    workers = [subprocess.Popen([sys.executable, "-c", PARALLEL_WRONG, str(office), "10"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [w.communicate(timeout=180) for w in workers]
    assert all(w.returncode == 0 for w in workers), [err for _, err in outputs]
    lines = [line for out, _ in outputs for line in out.splitlines()]
    assert len(lines) == 30
    assert any("dikunci" in line.lower() for line in lines)
    from desktop.models.schema import open_database

    open_database(office)
    with pytest.raises(UserError, match="[Dd]ikunci"):  # even the right password waits now
        auth.log_in("siti", PASSWORD)
    assert AuditLog.select().where(AuditLog.action == "gagal_masuk").count() == 31


def test_row8_unknown_user_names_are_not_written_down(office):
    auth.log_out()
    with pytest.raises(UserError):
        auth.log_in("Rahasia!Kantor2026", "x")
    text = " ".join(f"{e.detail} {e.changes} {e.entity_id}" for e in AuditLog.select())
    assert "rahasia!kantor2026" not in text.lower()
    last = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert (last.action, last.detail) == ("gagal_masuk", "nama pengguna tidak dikenal")


def test_purge_and_sk_members_are_audited_in_their_transaction(office):
    record = InstrumentRecord.select().first()
    records.trash_record(record)
    InstrumentRecord.update(deleted_at=dt.datetime(2020, 1, 1)).where(InstrumentRecord.id == record.id).execute()
    assert records.purge_trash() == 1
    entry = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert entry.action == "hapus" and str(record.id) in entry.detail and entry.username == "siti"
    desa = Desa.select().first()
    form = teams.SkForm(desa_id=desa.id, number="5/2026", signed_on="2026-01-05", signer="Pak Kades",
                        members=[teams.MemberForm("Ani", "Ketua")])
    sk = teams.save_sk(form)
    teams.save_sk(teams.SkForm(**{**form.__dict__, "members": [teams.MemberForm("Budi", "Ketua")]}), sk)
    change = AuditLog.select().where(AuditLog.entity == "sk_member").order_by(AuditLog.id.desc()).get()
    assert json.loads(change.changes) == {"anggota": [["Ani"], ["Budi"]]}


def test_a_change_and_its_audit_entry_are_one_transaction(office):
    """When writing the audit entry fails, the change is rolled back with it (nothing unaudited lands)."""
    from desktop.models import db as models_db

    kader = Kader.select().first()
    hook = models_db.AUDIT_HOOK

    def broken(*args):
        raise RuntimeError("audit trail unavailable")

    models_db.AUDIT_HOOK = broken
    try:
        kader.phone = "081200000000"
        with pytest.raises(RuntimeError):
            kader.save()
    finally:
        models_db.AUDIT_HOOK = hook
    assert Kader.get_by_id(kader.id).phone != "081200000000"
    assert DB.obj is not None


def test_only_the_pj_promkes_changes_the_skill_catalogue(office, tmp_path):
    """The catalogue names what every record measures: a print-only account may not rename, retire or replace it
    (Pengaturan and `skills import` go through the same service)."""
    from desktop.models import skills
    from desktop.models.records import Skill
    from desktop.services import skills_catalogue

    exported = tmp_path / "katalog.toml"
    skills.export_catalogue(exported)
    auth.log_in("siti", PASSWORD)
    auth.create_user("Cetak", "cetak", PASSWORD, "cetak")
    auth.log_out()
    auth.log_in("cetak", PASSWORD)
    b1 = Skill.get(Skill.code == "B1")
    before = _refusals()
    for attempt in (lambda: skills_catalogue.save_skill("B1", b1.area, "Diganti", b1),
                    lambda: skills_catalogue.set_retired(b1, True), lambda: skills_catalogue.move_skill(b1, 1),
                    lambda: skills_catalogue.import_catalogue(exported)):
        with pytest.raises(UserError, match="tidak berhak"):
            attempt()
    assert _refusals() == before + 4
    assert Skill.get(Skill.code == "B1").label == b1.label and not Skill.get(Skill.code == "B1").retired
    auth.log_out()
    auth.log_in("siti", PASSWORD)
    assert skills_catalogue.save_skill("B1", b1.area, "Menimbang bayi dan balita", b1).label == \
        "Menimbang bayi dan balita"
