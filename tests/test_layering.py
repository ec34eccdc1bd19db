import subprocess
import sys


def test_models_services_instruments_reports_do_not_import_qt_widgets():
    code = (
        "import sys, pkgutil, importlib, importlib.util, desktop\n"
        "for pkg in ('desktop.models', 'desktop.services', 'desktop.instruments', 'desktop.reports'):\n"
        "    if importlib.util.find_spec(pkg) is None: continue  # a layer not written yet\n"
        "    m = importlib.import_module(pkg)\n"
        "    for info in pkgutil.walk_packages(m.__path__, pkg + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "import desktop.cli\n"
        "bad = [n for n in sys.modules if n.startswith('PySide6.QtWidgets')]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_cli_start_path_does_not_import_heavy_modules():
    code = (
        "import sys, desktop.cli, desktop.models.schema\n"
        "heavy = [n for n in ('pandas', 'openpyxl', 'reportlab') if n in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
