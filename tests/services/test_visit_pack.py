"""Bekal kunjungan: the cover lists each kader's open items and last results; the pre-filled forms follow."""

import datetime as dt

import pytest

from desktop.instruments.loader import load_instrument
from desktop.models.errors import UserError
from desktop.models.people import Kader
from desktop.models.schedule import Activity, ActivityKader, FollowUp
from desktop.services import visit_pack
from tests.reports.geometry import read


def _activity_with_open_items():
    """A planned activity whose kader have open follow-ups."""
    for activity in Activity.select().where(Activity.status == "rencana").order_by(Activity.date):
        kader = [link.kader_id for link in ActivityKader.select().where(ActivityKader.activity == activity)]
        if kader and FollowUp.select().where(FollowUp.kader.in_(kader), FollowUp.status == "terbuka").exists():
            return activity, kader
    pytest.fail("the demo has no planned activity whose kader have open items")


def test_visit_pack_cover_lists_open_items_and_last_results_then_the_forms(demo_db, tmp_path):
    activity, kader_ids = _activity_with_open_items()
    out = visit_pack.print_visit(activity.id, tmp_path / "visit.pdf")
    pages = read(out)
    cover = pages[0].text
    assert "BEKAL KUNJUNGAN SUPERVISI" in cover and activity.posyandu.name in cover
    assert f"{activity.date.day} " in cover and str(activity.date.year) in cover
    cover_text = " ".join(p.text for p in pages if "BEKAL KUNJUNGAN" in p.text or "Bekal kunjungan" in p.text)
    for kader in Kader.select().where(Kader.id.in_(kader_ids)):
        assert kader.name in cover_text
        for item in FollowUp.select().where(FollowUp.kader == kader, FollowUp.status == "terbuka"):
            assert " ".join(item.description.split()[:4]) in " ".join(cover_text.split())
            assert f"{item.source.activity_date:%d/%m/%Y}" in cover_text
    assert "Hasil terakhir per keterampilan" in cover_text
    title = load_instrument(activity.kind).title
    forms = [p for p in pages if p.text.splitlines()[3:4] and title in p.text and "Halaman 1 dari" in p.text]
    assert len(forms) == len(kader_ids) if load_instrument(activity.kind).subject == "kader" else len(forms) == 1
    assert all(activity.posyandu.name in p.text and f"{activity.date:%d/%m/%Y}" in p.text for p in forms)


def test_closed_items_are_not_on_the_cover(demo_db, tmp_path):
    activity, kader_ids = _activity_with_open_items()
    item = FollowUp.get(FollowUp.kader.in_(kader_ids), FollowUp.status == "terbuka")
    item.status, item.closed_on = "selesai", dt.date(2026, 11, 1)
    item.save()
    cover = visit_pack.visit_cover(activity)
    texts = [i.text for k in cover.kader for i in k.items]
    assert not any(t.startswith(item.description) for t in texts)


def test_visit_pack_of_an_unknown_activity(demo_db, tmp_path):
    with pytest.raises(UserError, match="Kegiatan nomor 999999 tidak ditemukan"):
        visit_pack.print_visit(999999, tmp_path / "x.pdf")


def test_cli_print_visit(demo_db, tmp_path, capsys):
    from desktop.cli import run

    activity, _ = _activity_with_open_items()
    out = tmp_path / "v.pdf"
    assert run(["--db", str(demo_db), "print", "visit", str(activity.id), "-o", str(out)]) == 0
    assert out.exists() and "PDF dibuat" in capsys.readouterr().out
