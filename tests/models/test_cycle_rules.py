"""The one next-step rule of the supervision cycle, on plain data."""

import datetime as dt

from desktop.models.cycle_rules import (
    COACH,
    MENTOR,
    REOBSERVE,
    SERVICE,
    Attendance,
    OpenFinding,
    absent_streaks,
    found_again,
    next_steps,
)

D = dt.date


def test_one_kaders_finding_asks_for_her_reobservation():
    steps = next_steps([OpenFinding(1, 10, 101, "B2", D(2026, 10, 14))], kader_names={101: "Siti"})
    assert [(s.action, s.kader_ids, s.skills, s.finding_ids) for s in steps] == [(REOBSERVE, (101,), ("B2",), (1,))]
    assert "Siti" in steps[0].reason and "B2" in steps[0].reason


def test_the_same_skill_wanting_for_two_kader_asks_for_mentoring_on_that_skill():
    findings = [OpenFinding(1, 10, 101, "B2", D(2026, 10, 14)), OpenFinding(2, 10, 102, "B2", D(2026, 11, 2)),
                OpenFinding(3, 10, 103, "B6", D(2026, 11, 2))]
    steps = next_steps(findings, skill_labels={"B2": "Mengukur panjang badan"})
    mentor = [s for s in steps if s.action == MENTOR]
    assert [(s.skills, s.kader_ids, s.finding_ids) for s in mentor] == [(("B2",), (101, 102), (1, 2))]
    assert "Mengukur panjang badan" in mentor[0].reason
    assert [(s.action, s.kader_ids) for s in steps if s.action != MENTOR] == [(REOBSERVE, (103,))]


def test_two_findings_of_one_kader_or_of_two_posyandu_are_no_mentoring():
    same_kader = [OpenFinding(1, 10, 101, "B2", D(2026, 10, 1)), OpenFinding(2, 10, 101, "B2", D(2026, 11, 1))]
    assert {s.action for s in next_steps(same_kader)} == {REOBSERVE}
    two_posyandu = [OpenFinding(1, 10, 101, "B2", D(2026, 10, 1)), OpenFinding(2, 11, 201, "B2", D(2026, 10, 1))]
    assert {s.action for s in next_steps(two_posyandu)} == {REOBSERVE}
    marked = [OpenFinding(1, 10, 101, "B2", D(2026, 10, 1), marked_for_mentoring=True)]
    assert [s.action for s in next_steps(marked)] == [MENTOR]


def test_wanting_again_after_a_mentoring_on_that_skill_asks_for_coaching():
    again = OpenFinding(1, 10, 101, "B2", D(2026, 12, 3), mentored_on=D(2026, 11, 20))
    before = OpenFinding(2, 10, 102, "B2", D(2026, 11, 2), mentored_on=D(2026, 11, 20))
    steps = next_steps([again, before])
    assert [(s.action, s.kader_ids) for s in steps] == [(COACH, (101,)), (REOBSERVE, (102,))]
    assert "setelah mentoring 20/11/2026" in steps[0].reason


def test_a_posyandu_level_finding_waits_for_the_next_service_observation():
    steps = next_steps([OpenFinding(1, 10, None, "B2", D(2026, 10, 14)),
                        OpenFinding(2, 10, None, "A3", D(2026, 10, 14))])
    assert [(s.action, s.skills, s.kader_ids) for s in steps] == [(SERVICE, ("A3", "B2"), ())]


def att(kader, day, status, posyandu=10):
    return Attendance(kader, posyandu, day, status)


def test_absent_at_two_consecutive_monthly_observations_asks_for_coaching_with_the_reason():
    rows = [att(101, D(2026, 10, 14), "hadir"), att(101, D(2026, 11, 11), "tidak_hadir"),
            att(101, D(2026, 12, 9), "tidak_hadir"), att(102, D(2026, 11, 11), "tidak_hadir"),
            att(102, D(2026, 12, 9), "izin"), att(103, D(2026, 9, 9), "tidak_hadir"),
            att(103, D(2026, 11, 11), "tidak_hadir")]  # 103: October not observed: not consecutive
    steps = next_steps([], rows, kader_names={101: "Rina"})
    assert [(s.action, s.kader_ids, s.posyandu_id) for s in steps] == [(COACH, (101,), 10)]
    assert steps[0].reason == ("Rina: tidak hadir pada layanan Posyandu 2 bulan berturut-turut "
                               "(11/11/2026, 09/12/2026).")


def test_a_coaching_after_the_absences_answers_them_and_attending_again_ends_the_streak():
    rows = [att(101, D(2026, 11, 11), "tidak_hadir"), att(101, D(2026, 12, 9), "tidak_hadir")]
    assert absent_streaks(rows, {101: D(2026, 12, 15)}) == {}
    assert absent_streaks(rows, {101: D(2026, 12, 1)}) == {101: [D(2026, 11, 11), D(2026, 12, 9)]}
    assert absent_streaks([*rows, att(101, D(2027, 1, 13), "hadir")]) == {}


def test_findings_a_mentoring_already_answered_wait_for_their_reobservation_not_another_mentoring():
    findings = [OpenFinding(1, 10, 101, "B2", D(2026, 10, 14), answered=True),
                OpenFinding(2, 10, 102, "B2", D(2026, 11, 2), answered=True)]
    assert [(s.action, s.kader_ids) for s in next_steps(findings)] == [(REOBSERVE, (101,)), (REOBSERVE, (102,))]


def test_a_finding_made_again_is_carried_on_by_the_next_until_one_is_resolved():
    day = dt.date(2026, 9, 10)
    month = dt.timedelta(days=30)
    findings = [(1, 10, 5, "B2", day, False), (2, 10, 5, "B2", day + month, False),  # kader 5, made again
                (8, 10, 5, "B2", day + 2 * month, True),  # ... then resolved by a re-observation
                (9, 10, 5, "B2", day + 3 * month, False),  # found again later: a new finding, open
                (3, 10, 6, "B2", day, False),  # another kader: her own
                (4, 10, None, "B1", day, False), (7, 10, None, "B1", day, False),  # one day: by id
                (5, 10, None, "B1", day, False),
                (6, 11, None, "B1", day, False)]  # another posyandu
    assert found_again(findings) == {1: 2, 2: 8, 4: 5, 5: 7}
    assert found_again([]) == {}
