"""Our definition -> an XLSForm workbook (survey, choices and settings sheets).

Each section is a group (``field-list``: one page, as online); a grid is a group of number
questions, one per cell; an option with a line to write on gets the text question
``<question>_other`` right after its question, shown when that option is chosen, as XLSForm's
``or_other`` does. Included shared sections (equality monitoring, contact details) are written
expanded, as the form prints them. Read back by ``read_xlsform`` into the same definition.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import openpyxl

from questionnaires.load import DEFINITIONS_ROOT, expand_includes
from questionnaires.model import Questionnaire
from questionnaires.xlsform import columns as c
from questionnaires.xlsform.expressions import bounds_to_constraint, condition_to_relevant

Row = dict[str, Any]


def write_xlsform(definition: Mapping[str, Any] | Questionnaire, root: Path | None = None) -> bytes:
    """The definition as an XLSForm workbook (.xlsx bytes).

    ``definition`` is a definition dict as its YAML file loads (its includes are expanded from
    ``root``, the definitions folder) or a loaded ``Questionnaire``."""
    data = dict(definition.raw) if isinstance(definition, Questionnaire) else dict(definition)
    if any(isinstance(s, Mapping) and "include" in s for s in data.get("sections") or []):
        where = (root or DEFINITIONS_ROOT) / str(data["key"]) / f"v{data['version']}.yaml"
        data = expand_includes(data, where)
    return _Writer(data).workbook()


def _flag(entry: Mapping[str, Any], key: str) -> str | None:
    """yes/no for a flag the definition states, nothing when it leaves it to its default."""
    if key not in entry:
        return None
    return c.YES if entry[key] else c.NO


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


class _Writer:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.language: str | None = data.get("language")
        self.survey: list[Row] = []
        self.choices: list[Row] = []
        self.lists: dict[str, str] = {}  # the options' canonical text -> list name
        self.names: set[str] = set()

    # -- words in every language --------------------------------------------------------------

    def words(self, column: str, text: Any, entry: Mapping[str, Any], key: str) -> Row:
        """``column`` in the default language and in each translation of ``entry``'s ``key``."""
        row: Row = {}
        if text is not None:
            row[c.translated(column, self.language)] = text
        for language, words in (entry.get("translations") or {}).items():
            if words.get(key) is not None:
                row[c.translated(column, language)] = words[key]
        return row

    # -- sheets --------------------------------------------------------------------------------

    def workbook(self) -> bytes:
        for section in self.data["sections"]:
            self.section(section)
        timepoints = None
        if self.data.get("timepoints"):
            timepoints = self.option_list("timepoints", self.data["timepoints"])
        book = openpyxl.Workbook()
        # The number column is written even when every question prints none: without it, a
        # reader numbers the questions 1..N.
        _sheet(book.active, "survey", self.survey, c.SURVEY_COLUMNS, always=(c.NUMBER,))
        _sheet(book.create_sheet(), "choices", self.choices, c.CHOICES_COLUMNS)
        _sheet(book.create_sheet(), "settings", [self.settings(timepoints)], c.SETTINGS_COLUMNS)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def settings(self, timepoints: str | None) -> Row:
        d = self.data
        row: Row = {
            c.FORM_TITLE: d["title"],
            c.FORM_ID: d["key"],
            c.VERSION: d["version"],
            c.DEFAULT_LANGUAGE: self.language,
            c.DESCRIPTION: d.get("description"),
            c.FORM_KIND: d.get("kind"),
            c.RESPONDENTS: d.get("respondents"),
            c.ALLOW_DUPLICATE_NUMBERS: _flag(d, "allow_duplicate_numbers"),
            c.PARTICIPANT_CODE: _flag(d, "participant_code"),
            c.TIMEPOINTS: timepoints,
            c.CHANNELS: " ".join(d["channels"]) if "channels" in d else None,
        }
        return row

    def section(self, section: Mapping[str, Any]) -> None:
        self.survey.append(
            {
                c.TYPE: "begin group",
                c.NAME: section["id"],
                c.APPEARANCE: "field-list",
                c.SECTION_KIND: section.get("kind"),
                c.RETENTION_DAYS: section.get("retention_days"),
                **self.words(c.LABEL, section["title"], section, "title"),
                **self.words(c.HINT, section.get("intro"), section, "intro"),
            }
        )
        for question in section["questions"]:
            self.question(question)
        self.survey.append({c.TYPE: "end group"})

    def common(self, q: Mapping[str, Any]) -> Row:
        """What every question row says: name, words, number, condition, our analysis keys."""
        row: Row = {
            c.NAME: q["id"],
            c.RELEVANT: condition_to_relevant(q["show_if"]) if q.get("show_if") else None,
            c.NUMBER: q.get("number"),
            c.KEY_QUESTION: _flag(q, "key_question"),
            c.REPLACES: " ".join(q["replaces"]) if q.get("replaces") else None,
            **self.words(c.LABEL, q["text"], q, "text"),
            **self.words(c.HINT, q.get("help"), q, "help"),
        }
        return row

    def question(self, q: Mapping[str, Any]) -> None:
        kind = q["type"]
        if kind == "grid":
            self.grid(q)
            return
        row = self.common(q)
        row[c.REQUIRED] = _flag(q, "required")
        layout = q.get("layout")
        if kind in ("single", "multiple", "scale"):
            select = "select_multiple" if kind == "multiple" else "select_one"
            row[c.TYPE] = f"{select} {self.option_list(q['id'], q['options'])}"
            if layout == "inline":
                row[c.APPEARANCE] = "likert" if kind == "scale" else "columns"
        elif kind == "range":
            row[c.TYPE] = "range"
            row[c.PARAMETERS] = f"start={_number(q['min'])} end={_number(q['max'])} step=1"
            row[c.MIN_LABEL] = q.get("min_label")
            row[c.MAX_LABEL] = q.get("max_label")
        elif kind in ("text", "textarea"):
            row[c.TYPE] = "text"
            row[c.APPEARANCE] = c.MULTILINE if kind == "textarea" else None
            row[c.CONSTRAINT] = bounds_to_constraint(q) or None
        elif kind == "number":
            row[c.TYPE] = "integer" if q.get("integer", True) else "decimal"
            row[c.CONSTRAINT] = bounds_to_constraint(q) or None
            row[c.UNIT] = q.get("unit")
        elif kind == "date":
            row[c.TYPE] = "date"
        else:  # info
            row[c.TYPE] = "note"
        if layout == "stacked" or (layout == "inline" and c.APPEARANCE not in row):
            row[c.LAYOUT] = layout
        self.survey.append(row)
        other = next((o for o in q.get("options") or [] if o.get("other")), None)
        if other is not None:
            self.survey.append(
                {
                    c.TYPE: "text",
                    c.NAME: f"{q['id']}{c.WRITE_IN_SUFFIX}",
                    c.RELEVANT: f"selected(${{{q['id']}}}, '{other['code']}')",
                    **self.words(c.LABEL, other["label"], other, "label"),
                }
            )

    def grid(self, q: Mapping[str, Any]) -> None:
        self.survey.append(
            {
                **self.common(q),
                c.TYPE: "begin group",
                c.APPEARANCE: "field-list",
                c.UNIT: q.get("unit"),
            }
        )
        cell_type = "integer" if q.get("integer", True) else "decimal"
        constraint = bounds_to_constraint(q) or None
        for row in q["rows"]:
            for column in q["columns"]:
                self.survey.append(
                    {
                        c.TYPE: cell_type,
                        c.NAME: c.GRID_SEPARATOR.join((q["id"], row["id"], column["id"])),
                        c.LABEL: f"{row['label']}: {column['label']}",
                        c.CONSTRAINT: constraint,
                        c.GRID_ROW: row["label"],
                        c.GRID_COLUMN: column["label"],
                    }
                )
        self.survey.append({c.TYPE: "end group"})

    def option_list(self, name: str, options: Iterable[Mapping[str, Any]]) -> str:
        """The name of a choices list holding ``options``; questions with the same options
        share one list, as a hand-made XLSForm does (a "yes/no" list)."""
        options = list(options)
        fingerprint = repr(options)
        if fingerprint in self.lists:
            return self.lists[fingerprint]
        self.lists[fingerprint] = name
        for option in options:
            self.choices.append(
                {
                    c.LIST_NAME: name,
                    c.NAME: option["code"],
                    c.SCALE_VALUE: option.get("value"),
                    c.NOT_APPLICABLE: _flag(option, "na"),
                    c.EXCLUSIVE: _flag(option, "exclusive"),
                    c.WRITE_IN: option.get("write_in"),
                    c.TABLE_LABEL: option.get("table_label"),
                    **self.words(c.LABEL, option["label"], option, "label"),
                }
            )
        return name


def _sheet(
    sheet: Any, title: str, rows: list[Row], order: tuple[str, ...], always: tuple[str, ...] = ()
) -> None:
    """Write ``rows`` under a header of the columns they use (and ``always``): the known ones in
    ``order``, each followed by its translations."""
    used: list[str] = list(always)
    for row in rows:
        for key, value in row.items():
            if value is not None and key not in used:
                used.append(key)

    def rank(column: str) -> tuple[int, int]:
        base = column.split("::", 1)[0]
        position = order.index(base) if base in order else len(order)
        return (position, used.index(column))

    header = sorted(used, key=rank)
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column) for column in header])
    # A label that starts with "=" is text, never a formula.
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
