"""Accounts, lockout, roles enforced in the services, and the audit trail."""

import datetime as dt
import json

import pytest

from desktop.instruments.loader import load_instrument
from desktop.models.audit import AuditLog
from desktop.models.errors import UserError
from desktop.models.people import Kader, Posyandu, Staff
from desktop.models.teams import TechnicalAssignment
from desktop.models.users import User, check_password
from desktop.models.wilayah import Desa
from desktop.services import auth, kader_service, records, teams

NOW = dt.datetime(2026, 11, 24, 9, 0)


@pytest.fixture
def office(demo_db):
    yield
    auth.log_out()


def test_first_account_is_the_pj_promkes_and_passwords_are_hashed(office):
    with pytest.raises(UserError, match="Akun pertama"):
        auth.create_user("Bidan", "bidan", "rahasia123", "supervisor")
    admin = auth.create_user("Maryam Suhartini", "Maryam", "rahasia-kuat", "admin")
    assert auth.current() == admin and admin.username == "maryam"
    assert "rahasia" not in admin.password_hash and admin.password_hash.startswith("scrypt$")
    assert check_password("rahasia-kuat", admin.password_hash) and not check_password("salah", admin.password_hash)
    other = auth.create_user("Budi", "budi", "rahasia-kuat", "cetak")
    assert other.password_hash != admin.password_hash  # per-user salt
    with pytest.raises(UserError) as bad:
        auth.create_user("", "budi", "pendek", "desa")
    for part in ("Nama wajib diisi", "sudah dipakai", "minimal 8", "harus dipilihkan desanya"):
        assert part in str(bad.value)
    assert not AuditLog.select().where(AuditLog.changes.contains("rahasia")).exists()


def test_lockout_after_five_wrong_passwords(office):
    auth.create_user("Admin", "admin", "rahasia-kuat", "admin")
    auth.log_out()
    for _ in range(4):
        with pytest.raises(UserError, match="salah"):
            auth.log_in("admin", "keliru", NOW)
    with pytest.raises(UserError, match="dikunci 5 menit"):
        auth.log_in("admin", "keliru", NOW)
    with pytest.raises(UserError, match="Coba lagi dalam 5 menit"):
        auth.log_in("admin", "rahasia-kuat", NOW + dt.timedelta(seconds=10))  # even the right one waits
    assert auth.log_in("admin", "rahasia-kuat", NOW + dt.timedelta(minutes=6)).username == "admin"
    actions = [a.action for a in AuditLog.select().where(AuditLog.entity == "user").order_by(AuditLog.id)]
    assert actions.count("gagal_masuk") == 6 and actions[-1] == "masuk"


def test_roles_are_enforced_in_the_services(office):
    auth.create_user("Admin", "admin", "rahasia-kuat", "admin")
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    other = Posyandu.select().where(Posyandu.id != melati.id).first()
    bidan = Staff.get(Staff.role == "bidan_desa")
    TechnicalAssignment.delete().where(TechnicalAssignment.staff == bidan).execute()
    TechnicalAssignment.create(staff=bidan, posyandu=melati, since=dt.date(2026, 1, 1))
    auth.create_user("Bidan", "bidan", "rahasia-kuat", "supervisor", staff_id=bidan.id)
    auth.create_user("Kades", "kades", "rahasia-kuat", "desa", desa_ids=[melati.desa_id])
    auth.create_user("Staf", "staf", "rahasia-kuat", "cetak")

    auth.log_in("bidan", "rahasia-kuat")
    answers = {"posyandu": melati.id, "tanggal": "2026-11-20", "supervisor": bidan.id, "D6": "-",
               **{f"A{i}": {"dilaksanakan": "ya", "sesuai_standar": "ya"} for i in range(1, 6)}}
    records.save_answers(load_instrument("observasi_posyandu"), answers)  # her own posyandu
    with pytest.raises(UserError, match="bukan binaan Anda"):
        records.save_answers(load_instrument("observasi_posyandu"), {**answers, "posyandu": other.id})
    with pytest.raises(UserError, match="tidak berhak mengubah data induk"):
        kader_service.save_kader(kader_service.KaderForm(posyandu_id=melati.id, name="Baru"))

    auth.log_in("kades", "rahasia-kuat")
    form = teams.SkForm(desa_id=melati.desa_id, number="1/2026", signed_on="2026-01-05", signer="Pak Kades",
                        members=[teams.MemberForm("Ani", "Ketua")])
    teams.save_sk(form)
    elsewhere = Desa.select().where(Desa.id != melati.desa_id).first()
    with pytest.raises(UserError, match="untuk desa ini"):
        teams.save_sk(teams.SkForm(**{**form.__dict__, "desa_id": elsewhere.id, "number": "2/2026"}))
    assert auth.desa_scope() == [melati.desa_id]

    auth.log_in("staf", "rahasia-kuat")
    assert auth.allowed("print") and not auth.allowed("view_personal")
    with pytest.raises(UserError, match="Staf \\(Petugas cetak\\) tidak berhak"):
        records.save_answers(load_instrument("observasi_posyandu"), answers)


def test_audit_trail_records_who_changed_what(office):
    auth.create_user("Admin", "admin", "rahasia-kuat", "admin")
    rina = Kader.get(Kader.name == "Rina Marlina")
    old_phone, old_version = rina.phone, rina.version
    form = kader_service.KaderForm(posyandu_id=rina.posyandu_id, name=rina.name, nik=rina.nik or "",
                                   phone="081298765432", sex=rina.sex,
                                   birth_date=rina.birth_date.isoformat() if rina.birth_date else None,
                                   start_year=rina.start_year, training_status=rina.training_status)
    kader_service.save_kader(form, rina)
    entry = AuditLog.select().where(AuditLog.entity == "kader", AuditLog.entity_id == str(rina.id)).get()
    assert (entry.username, entry.action) == ("admin", "ubah")
    # the version step links the change to optimistic locking: "changed since you opened it" reads it back
    assert json.loads(entry.changes) == {"phone": [old_phone, "081298765432"], "version": [old_version,
                                                                                           old_version + 1]}
    kader_service.set_active(Kader.get_by_id(rina.id), False)
    last = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert json.loads(last.changes) == {"active": [True, False], "inactive_since": [None, dt.date.today().isoformat()],
                                        "version": [old_version + 1, old_version + 2]}  # dated for past reports
    user = User.get(User.username == "admin")
    auth.change_password("rahasia-kuat", "lebih-kuat-lagi")
    changed = AuditLog.select().where(AuditLog.entity == "user", AuditLog.action == "ubah").order_by(
        AuditLog.id.desc()).get()
    assert json.loads(changed.changes)["password_hash"] == ["(diubah)", "(diubah)"]
    assert user.id


def test_cli_commands_that_change_data_ask_for_a_user(office, demo_db, tmp_path, monkeypatch, capsys):
    import getpass
    import sys

    from desktop.cli import run
    from desktop.models.db import close_db

    auth.create_user("Admin", "admin", "rahasia-kuat", "admin")
    auth.log_out()
    close_db()
    out = tmp_path / "kader.xlsx"
    assert run(["--db", str(demo_db), "export", "roster", "-o", str(out)]) == 1
    assert "--user NAMA" in capsys.readouterr().err and not out.exists()
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: "keliru")
    assert run(["--db", str(demo_db), "--user", "admin", "export", "roster", "-o", str(out)]) == 1
    assert "salah" in capsys.readouterr().err
    monkeypatch.setattr(getpass, "getpass", lambda prompt: "rahasia-kuat")
    assert run(["--db", str(demo_db), "--user", "admin", "export", "roster", "-o", str(out)]) == 0
    assert out.exists()
    assert run(["--db", str(demo_db), "teams", "check"]) in (0, 1)  # reading needs no account
    assert "--user" not in capsys.readouterr().err


def test_a_village_admin_sees_nothing_of_other_desa(office):
    from desktop.models.settings import current_puskesmas
    from desktop.services import pickers, schedule
    from desktop.services.kader_service import KaderFilter, posyandu_rows, query_kader

    auth.create_user("Admin", "admin", "rahasia-kuat", "admin")
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    auth.create_user("Kades", "kades", "rahasia-kuat", "desa", desa_ids=[melati.desa_id])
    everyone = query_kader(KaderFilter()).count()
    auth.log_in("kades", "rahasia-kuat")
    own = list(query_kader(KaderFilter()))
    assert 0 < len(own) < everyone and {k.posyandu.desa_id for k in own} == {melati.desa_id}
    assert {p.desa_id for p in posyandu_rows(current_puskesmas())} == {melati.desa_id}
    assert [d for d, _ in pickers.desa_choices()] == [melati.desa_id]
    assert {t.desa.id for t in teams.desa_teams(current_puskesmas())} == {melati.desa_id}
    views = schedule.month_view(current_puskesmas(), dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert views and {v.activity.posyandu.desa_id for v in views} == {melati.desa_id}
    shown = records.query_records(records.RecordFilter(puskesmas_id=current_puskesmas().id))
    assert shown.count() and {r.posyandu.desa_id for r in shown if r.posyandu_id} == {melati.desa_id}


def test_a_village_admin_reports_and_to_dos_cover_only_their_desa(office):
    from desktop.models.settings import current_puskesmas
    from desktop.services import follow_up, report_data, schedule

    auth.create_user("Admin", "admin", "rahasia-kuat", "admin")
    melati = Posyandu.get(Posyandu.name == "Melati 2")
    auth.create_user("Kades", "kades", "rahasia-kuat", "desa", desa_ids=[melati.desa_id])
    auth.log_in("kades", "rahasia-kuat")
    pkm = current_puskesmas()
    with pytest.raises(UserError, match="desanya sendiri"):
        report_data.gather(report_data.Scope(pkm), report_data.parse_period(month="2026-11"))
    report_data.gather(report_data.Scope(pkm, melati.desa), report_data.parse_period(month="2026-11"))
    assert {d.desa for d in schedule.due(pkm, 2026, 12, dt.date(2026, 11, 24))} == {melati.desa.name}
    assert {f.posyandu.desa_id for f in follow_up.open_items(pkm)} <= {melati.desa_id}
