import datetime as dt

import pytest

from desktop.models.team_rules import Ratio, over_capacity, shared_load, sk_status


def test_issue_example_160_kader():
    ratio = Ratio(kader=160, supervisors=4)
    assert (ratio.needed_at_high, ratio.needed_at_low, ratio.shortfall) == (6, 7, 2)
    assert ratio.message() == ("160 kader membutuhkan sedikitnya 6 supervisor teknis (30 kader per supervisor), "
                               "idealnya 7 (25 per supervisor). Saat ini 4 supervisor, 1 : 40 — kurang 2 supervisor.")


@pytest.mark.parametrize(("kader", "supervisors", "shortfall", "text"), [
    (150, 5, 0, "150 kader dan 5 supervisor teknis (1 : 30) — cukup"),
    (151, 5, 1, "kurang 1 supervisor"),
    (30, 0, 1, "Belum ada supervisor teknis"),
    (0, 0, 0, "Belum ada kader aktif"),
])
def test_ratio_edges(kader, supervisors, shortfall, text):
    ratio = Ratio(kader, supervisors)
    assert ratio.shortfall == shortfall and text in ratio.message()


def test_shared_load_splits_a_posyandu_between_its_supervisors():
    kader = {1: 10, 2: 8, 3: 12}
    supervisors = {1: 2, 2: 1}  # posyandu 1 has two supervisors; 3 has none
    assert shared_load(kader, supervisors, [1, 2]) == 13
    assert shared_load(kader, supervisors, [3]) == 12
    assert not over_capacity(30.4) and over_capacity(31)


def test_sk_status():
    today = dt.date(2026, 11, 24)
    assert sk_status(None, today) == "berlaku"
    assert sk_status(dt.date(2026, 11, 23), today) == "kedaluwarsa"
    assert sk_status(dt.date(2026, 12, 24), today) == "segera_berakhir"  # 30 days
    assert sk_status(dt.date(2026, 12, 25), today) == "berlaku"
    assert sk_status(dt.date(2027, 12, 31), today, valid_from=dt.date(2026, 12, 1)) == "belum_berlaku"
