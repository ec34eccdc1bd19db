"""The report reads instruments through their `[report]` declarations (no instrument ids in its modules), and the
report renderers take their own input types (no import from services)."""

import re
from pathlib import Path

import pytest

from desktop.instruments.loader import DefinitionError, load_file
from desktop.paths import RESOURCES

ROOT = Path(__file__).resolve().parents[2] / "desktop"
REPORT_MODULES = ["services/report_data.py", "services/analysis.py", "services/rollup.py",
                  "services/period_facts.py", "reports/monthly_pdf.py", "reports/monthly_excel.py",
                  "reports/rollup_report.py", "reports/charts.py", "reports/report_model.py"]
IDS = [p.stem for p in (RESOURCES / "instruments").glob("*.toml")]


@pytest.mark.parametrize("module", REPORT_MODULES)
def test_no_instrument_id_in_report_modules(module):
    text = (ROOT / module).read_text(encoding="utf-8")
    found = [i for i in IDS if re.search(rf"[\"']{i}[\"']", text)]
    assert found == [], f"{module} names {found}: declare the behaviour in resources/instruments/*.toml [report]"


@pytest.mark.parametrize("module", [m for m in REPORT_MODULES if m.startswith("reports/")])
def test_report_renderers_do_not_import_services(module):
    assert "desktop.services" not in (ROOT / module).read_text(encoding="utf-8")


def test_report_declarations_are_checked(tmp_path):
    source = (RESOURCES / "instruments" / "mentoring.toml").read_text(encoding="utf-8")
    for wrong, message in (('date = "bagian_b.tanggal_pelaksanaan"', "report.date: 'bagian_b.tanggal' bukan butir"),
                           ('coverage = "posyandu_yearly"', "report.coverage: 'tahunan' tidak dikenal"),
                           ('per_year = 3', "report.per_year: jenis nilai salah")):
        replacement = {"date": 'date = "bagian_b.tanggal"', "coverage": 'coverage = "tahunan"',
                       "per_year": 'per_year = "tiga"'}[wrong.split(" ")[0]]
        path = tmp_path / "mentoring.toml"
        path.write_text(source.replace(wrong, replacement), encoding="utf-8")
        with pytest.raises(DefinitionError, match=re.escape(message)):
            load_file(path)
    path.write_text(source.replace('label = "Mentoring"\n', 'label = "Mentoring"\nwarna = "biru"\n'),
                    encoding="utf-8")
    with pytest.raises(DefinitionError, match=re.escape("report.warna: kunci tidak dikenal")):
        load_file(path)
