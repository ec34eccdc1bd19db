"""Filling an instrument's Excel template the way an office does (tests of the import use it)."""

import datetime as dt

from openpyxl import load_workbook

from desktop.instruments.columns import flat_columns, table_columns, table_sheet_name
from desktop.models.people import Kader, Posyandu, Staff
from desktop.services.printing import current_skills


def _cell_text(col, value):
    """What a person types or picks in Excel for an answer value."""
    f = col.field
    if f.type in ("scale", "choice"):
        return f.scale.label(value)
    if f.type == "multichoice":
        return ", ".join(f.scale.label(v) for v in value)
    if f.type == "date":
        return dt.date.fromisoformat(value)  # a real Excel date
    if f.type in ("posyandu", "kader", "supervisor"):
        return {"posyandu": Posyandu, "kader": Kader, "supervisor": Staff}[f.type].get_by_id(value).name
    if f.type == "findings":  # finding numbers as the follow-up list shows them
        return ", ".join(f"#{v}" for v in value)
    if f.type == "kaders":
        return ", ".join(Kader.get_by_id(v).name for v in value)
    return value


def fill(inst, path, answers_list):
    """Type sheets into a template as an office would: one Data row per sheet, table rows on their own sheets."""
    wb = load_workbook(path)
    columns, tables = flat_columns(inst, current_skills())
    ws = wb["Data"]
    for n, answers in enumerate(answers_list, start=1):
        for i, col in enumerate(columns, start=1):
            value = n if col.key == "_lembar" else answers.get(col.key)
            if col.sub:
                value = (value or {}).get(col.sub)
            if value not in (None, "", [], {}):
                ws.cell(n + 2, i, value if col.key == "_lembar" else _cell_text(col, value))
    for table in tables:
        sheet, r = wb[table_sheet_name(table)], 3
        for n, answers in enumerate(answers_list, start=1):
            for row in answers.get(table.key) or []:
                for i, col in enumerate(table_columns(table), start=1):
                    value = n if col.key == "_lembar" else row.get(col.key)
                    if value not in (None, ""):
                        sheet.cell(r, i, value if col.key == "_lembar" else _cell_text(col, value))
                r += 1
    wb.save(path)
    return path
