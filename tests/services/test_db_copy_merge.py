"""db copy --gabung: every instrument's merged record still names the merging office's own kader, posyandu and
supervisor on its filled print (the ids inside the answers follow the rows, wherever the definition puts them)."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.instruments.definition import PICKER_TYPES
from desktop.instruments.loader import load_all
from desktop.models.db import close_db
from desktop.models.schema import open_database
from desktop.models.session import SESSION
from desktop.services import auth
from tests.helpers.fixtures import _pg_database
from tests.instruments.samples import sample_answers
from tests.models.test_shared import _second_office


def _pick_office_ids(inst, answers: dict, ids: dict[str, object]) -> dict:
    """The sample answers with the office's ids in every picker field (header, items, table and grid columns).
    A kader is named in one multi-kader field only: the first gets them, later ones (attendance lists, which
    refuse a kader listed twice) stay empty."""
    given: list[str] = []

    def value(f, v):
        if f.type == "kaders":
            given.append(f.key)
            return ids["kaders"][: f.max or 2] if len(given) == 1 else []
        if f.type in PICKER_TYPES:
            return ids[f.type]
        if f.type == "table":
            return [{c.key: value(c, row.get(c.key)) for c in f.columns} for row in v or []]
        return v

    picked = {f.key: value(f, answers.get(f.key)) for f in inst.all_fields() if f.key in answers}
    for section in inst.sections:
        if section.kind == "grid":
            for item in section.items:
                cells = answers.get(item.key) or {}
                picked[item.key] = {c.key: value(c, cells.get(c.key)) for c in section.columns}
    return {**answers, **picked}


def test_every_instrument_merged_into_a_server_prints_the_offices_own_names(demo_template, demo_pg_template,
                                                                          tmp_path):
    from pypdf import PdfReader

    from desktop.models.people import Kader, Posyandu, Staff
    from desktop.models.records import InstrumentRecord
    from desktop.models.schedule import FollowUp
    from desktop.models.wilayah import Puskesmas
    from desktop.services import records
    from desktop.services.db_copy import merge_database
    from desktop.services.printing import current_skills, print_filled

    office = tmp_path / "serang-baru.db"
    _second_office(office)
    open_database(office)
    auth.log_in("rudi", "rahasia-123")
    kader = list(Kader.select().order_by(Kader.id))
    ids = {"kader": kader[1].id, "kaders": [k.id for k in kader], "posyandu": Posyandu.get().id,
           "supervisor": Staff.get().id}
    names = {"kader": kader[1].name, "kaders": kader[0].name, "posyandu": Posyandu.get().name,
             "supervisor": Staff.get().name}
    made = {}
    for inst in load_all():  # the findings a mentoring answers: those the observations before it raised
        ids["findings"] = [f.id for f in FollowUp.select().where(FollowUp.kind == "temuan").order_by(FollowUp.id)]
        answers = _pick_office_ids(inst, sample_answers(inst, current_skills()), ids)
        made[inst.id] = records.save_answers(inst, answers).id
    close_db()  # rudi, the office's PJ Promkes, stays signed in to merge it
    with sqlite3.connect(demo_template) as demo:  # who holds the office's old ids on the server: must not print
        clashing = {demo.execute("SELECT name FROM kader WHERE id = ?", (ids["kader"],)).fetchone()[0],
                    demo.execute("SELECT name FROM staff WHERE id = ?", (ids["supervisor"],)).fetchone()[0]}

    pg_url, drop = _pg_database(template=demo_pg_template)  # the demo already on the server
    merge_database(office, pg_url)
    auth.log_out()
    open_database(pg_url)
    try:
        serang = Puskesmas.get(Puskesmas.name == "Puskesmas Serang Baru")
        SESSION.puskesmas_id = serang.id  # its own kop surat on the prints
        merged = {r.instrument: r for r in InstrumentRecord.select().where(InstrumentRecord.puskesmas == serang)}
        assert set(made) <= set(merged)
        # ids of follow-ups inside answers and RTL links follow the merge: they name this puskesmas's findings
        own = {f.id for f in FollowUp.select().where(FollowUp.puskesmas == serang)}
        linked = [i for inst in load_all() for f in inst.all_fields() if f.type == "findings"
                  for i in merged[inst.id].answers.get(f.key) or []]
        linked += [i for f in FollowUp.select().where(FollowUp.puskesmas == serang) for i in f.answers]
        assert linked and set(linked) <= own
        for inst in load_all():
            used = {f.type for f in inst.all_fields() if f.type in names}  # findings: checked by id above
            text = " ".join((page.extract_text() or "") for page in PdfReader(
                print_filled(merged[inst.id].id, tmp_path / f"{inst.id}.pdf")).pages)
            text = " ".join(text.split())
            for kind in used:
                assert names[kind] in text, f"{inst.id}: {kind} {names[kind]} missing from the print"
            for name in clashing:
                assert name not in text, f"{inst.id}: prints {name} of the other puskesmas"
    finally:
        SESSION.puskesmas_id = None
        close_db()
        drop()


@pytest.fixture(autouse=True)
def _signed_out():
    yield
    auth.log_out()
