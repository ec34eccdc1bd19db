import datetime as dt

import pytest

from desktop.models.schedule_rules import (
    KindLimits,
    Slot,
    conflicts,
    mentoring_due,
    month_bounds,
    parse_month,
    pick_individual,
    service_date,
)

D = dt.date
LIMITS = {"observasi_posyandu": KindLimits("Observasi layanan", per_month=1),
          "observasi_individu": KindLimits("Observasi individu", kader_per_month=3)}


def test_month_boundaries_and_service_days():
    assert month_bounds(2026, 2) == (D(2026, 2, 1), D(2026, 2, 28))
    assert month_bounds(2028, 2)[1] == D(2028, 2, 29)
    assert service_date(2026, 2, 28) == D(2026, 2, 28)
    assert service_date(2026, 11, None) == D(2026, 11, 10)
    assert parse_month("2026-12") == (2026, 12)
    with pytest.raises(ValueError, match="2026-13"):
        parse_month("2026-13")


def test_a_supervisor_on_two_teams_in_two_places_at_once():
    # staff 7 belongs to the teams of posyandu 1 and 2, both open on the 4th in the morning
    a = Slot("observasi_posyandu", D(2026, 12, 4), "08:00", "11:00", 1, (7,), key="a")
    b = Slot("observasi_posyandu", D(2026, 12, 4), "10:30", "12:00", 2, (7, 8), key="b")
    after = Slot("observasi_individu", D(2026, 12, 4), "11:00", "12:30", 1, (7,), (1,), key="c")
    found = conflicts([a, b, after], {"staff": {7: "Bidan Neneng"}})
    assert [c.message for c in found] == [
        "Bidan Neneng dijadwalkan di dua tempat pada 04/12/2026 (08:00–11:00 dan 10:30–12:00).",
        "Bidan Neneng dijadwalkan di dua tempat pada 04/12/2026 (10:30–12:00 dan 11:00–12:30).",
    ]  # a and c touch at 11:00 but do not overlap
    assert found[0].keys == ("a", "b")
    cancelled = Slot("observasi_posyandu", D(2026, 12, 4), "10:30", "12:00", 2, (7,), status="batal")
    assert conflicts([a, cancelled]) == []


def test_twice_a_month_and_month_boundary():
    nov = Slot("observasi_posyandu", D(2026, 11, 30), "08:00", "11:00", 1)
    dec = Slot("observasi_posyandu", D(2026, 12, 1), "08:00", "11:00", 1)
    assert conflicts([nov, dec]) == []  # different months
    again = Slot("observasi_posyandu", D(2026, 12, 20), "08:00", "11:00", 1)
    assert conflicts([dec, again]) == []  # no limits declared: no rule
    assert [c.message for c in conflicts([dec, again], {"posyandu": {1: "Melati 2"}}, limits=LIMITS)] == [
        "Posyandu Melati 2 mendapat 2 kali observasi layanan pada 12/2026; cukup sekali sebulan."]


def test_individual_limit_counts_distinct_kader_in_the_month():
    first = Slot("observasi_individu", D(2026, 12, 2), "11:00", "12:00", 1, kader_ids=(1, 2))
    second = Slot("observasi_individu", D(2026, 12, 16), "11:00", "12:00", 1, kader_ids=(2, 3))
    assert conflicts([first, second], limits=LIMITS) == []  # kader 1, 2, 3
    third = Slot("observasi_individu", D(2026, 12, 30), "11:00", "12:00", 1, kader_ids=(4,))
    assert "4 kader (observasi individu)" in conflicts([first, second, third], limits=LIMITS)[0].message


def test_capacity():
    slots = [Slot("mentoring", D(2026, 12, d), "13:00", "15:00", d, (5,)) for d in range(1, 5)]
    assert conflicts(slots, capacity=4) == []
    assert "melebihi kapasitas 3 per bulan" in conflicts(slots, capacity=3)[0].message


def test_mentoring_and_individual_picks():
    assert mentoring_due(None, D(2026, 12, 1))
    assert not mentoring_due(D(2026, 10, 31), D(2026, 12, 1))
    assert mentoring_due(D(2026, 9, 1), D(2026, 12, 1))
    assert pick_individual([(1, 0.5), (2, 2.0), (3, 1.0), (4, 2.0)], already=0) == [2, 4, 3]
    assert pick_individual([(1, 0.5), (2, 2.0)], already=2) == [2]
    assert pick_individual([(1, 0.5)], already=3) == []
