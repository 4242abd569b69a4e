"""An XLSForm workbook -> our definition dict, or every problem by sheet, row and column.

The workbook is read by pyxform's own reader (``xlsx_to_dict``: every cell a string, empty rows
kept, so a row's number in Excel is its index + 2) and converted by pyxform once, so that what
pyxform refuses is said too. Then each row is read into ours:

- a top-level group is a section (a page online); questions outside any group make a section of
  their own; a group inside a section is read into it (its label and hint as an information
  text, its ``relevant`` added to each of its questions'); a group of number questions named
  ``<grid>__<row>__<column>`` is a grid; a repeat is refused;
- ``select_one``/``select_multiple`` are single and multiple choice (a scale when their choices
  carry a ``scale_value``); ``or_other``, or a text question ``<name>_other`` shown when one
  option is chosen, gives that option its line to write on;
- ``relevant`` and ``constraint`` are read by ``expressions`` (anything else is refused);
- ``label::Language (code)`` and ``hint::...`` columns become ``translations``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from pyxform import aliases
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import xls_to_dict, xlsx_to_dict
from pyxform.xls2xform import convert

from questionnaires.errors import DefinitionError
from questionnaires.load import build, content_hash
from questionnaires.validate import check_meaning, check_structure
from questionnaires.xlsform import columns as c
from questionnaires.xlsform.grids import GridReader
from questionnaires.xlsform.headers import canonical_headers
from questionnaires.xlsform.result import XLSFormProblem, XLSFormResult
from questionnaires.xlsform.sheets import yes_or_no

_PYXFORM_ROW = re.compile(r"\[row : (\d+)\]")
_PYXFORM_SHEET = re.compile(r"'(survey|choices|settings)' sheet")
_EXCEL = (".xlsx", ".xlsm", ".xls")


def read_xlsform(data: bytes, filename: str) -> XLSFormResult:
    """Read an XLSForm workbook (.xlsx, or .xls) into a definition dict, or every problem found.

    The definition is valid by ``schema.json`` and the meaning checks: it can be written as a
    definition file and published as it is."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in _EXCEL:
        return XLSFormResult(
            None,
            [
                XLSFormProblem(
                    "workbook",
                    None,
                    None,
                    f"'{filename}' is not an Excel workbook: save the XLSForm as .xlsx",
                )
            ],
        )
    too_big = _expanded_too_far(data, filename)
    if too_big is not None:
        return XLSFormResult(None, [too_big])
    try:
        book = (xls_to_dict if suffix == ".xls" else xlsx_to_dict)(io.BytesIO(data))
    except (PyXFormError, ValueError, OSError) as exc:
        return XLSFormResult(
            None,
            [
                XLSFormProblem(
                    "workbook", None, None, f"'{filename}' cannot be read as a workbook: {exc}"
                )
            ],
        )
    if not book.get("survey"):
        return XLSFormResult(
            None,
            [
                XLSFormProblem(
                    "survey",
                    None,
                    None,
                    "there is no 'survey' sheet with rows: an XLSForm lists its questions there",
                )
            ],
        )
    reader = _Reader(canonical_headers(book), PurePath(filename).stem)
    definition = reader.read()
    problems = reader.problems + _pyxform_problems(data, suffix, reader.problems)
    if definition is not None and not problems:
        problems += reader.check(definition)
    return XLSFormResult(None if problems else definition, problems, reader.notes)


#: The most a workbook may unzip to before it is read: a questionnaire's XLSForm is a few hundred
#: kilobytes; a file that would unzip past this is refused before it can fill the memory.
MAX_EXPANDED = 64 * 2**20


def _expanded_too_far(data: bytes, filename: str) -> XLSFormProblem | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return None  # not a zip (or an old .xls): the reader says what it is
    if expanded <= MAX_EXPANDED:
        return None
    return XLSFormProblem(
        "workbook",
        None,
        None,
        f"'{filename}' would unzip to {expanded / 2**20:,.0f} MB, far more than a questionnaire "
        f"needs (at most {MAX_EXPANDED / 2**20:,.0f} MB): check that it is the XLSForm",
    )


def _pyxform_problems(
    data: bytes, suffix: str, found: list[XLSFormProblem]
) -> list[XLSFormProblem]:
    """What pyxform itself refuses (it stops at the first), unless we said it already."""
    try:
        convert(xlsform=data, validate=False, file_type=suffix)
    except PyXFormError as exc:
        message = str(exc)
        row = _PYXFORM_ROW.search(message)
        sheet = _PYXFORM_SHEET.search(message)
        problem = XLSFormProblem(
            sheet.group(1) if sheet else "survey",
            int(row.group(1)) if row else None,
            None,
            f"pyxform: {message}",
        )
        if not any(p.sheet == problem.sheet and p.row == problem.row for p in found):
            return [problem]
    return []


class _Reader(GridReader):
    """The survey sheet read section by section into our definition, then checked whole."""

    def read(self) -> dict[str, Any] | None:
        sections: list[dict[str, Any]] = []
        stack: list[dict[str, Any]] = []  # open groups: their row and their own condition
        loose: dict[str, Any] | None = None  # the section of questions outside any group
        rows = list(enumerate(self.book.get("survey") or []))
        position = 0
        while position < len(rows):
            index, row = rows[position]
            position += 1
            number = index + 2
            if not row:
                continue
            kind = re.sub(r"\s+", " ", (row.get(c.TYPE) or "").strip())
            if not kind:
                self.problem("survey", number, c.TYPE, "give the row a type")
                continue
            control = re.match(r"^(begin|end)[ _](.+)$", kind.lower())
            if control:
                what = aliases.control.get(control.group(2))
                if what is None:
                    self.problem("survey", number, c.TYPE, f"'{kind}' is not a type")
                elif control.group(1) == "end":
                    if not stack:
                        self.problem("survey", number, c.TYPE, f"'{kind}' closes nothing")
                    else:
                        stack.pop()
                elif what != "group":
                    self.problem(
                        "survey",
                        number,
                        c.TYPE,
                        f"'{kind}' (a repeat) cannot be read: our forms ask each question once, "
                        "as on paper. Ask the questions a fixed number of times instead",
                    )
                    position = self.skip_group(rows, position)
                elif self.is_grid(rows, position, row):
                    if not stack and loose is None:
                        loose = self.loose_section(sections)
                    position = self.grid(rows, position, row, number, stack, sections)
                else:
                    frame: dict[str, Any] = {
                        "row": number,
                        "condition": self.own_relevant(row, number),
                    }
                    if not stack:
                        loose = None
                        sections.append(self.section(row, number))
                    elif row.get(self.label_column) or row.get(c.LABEL):
                        self.note(
                            "survey",
                            number,
                            c.TYPE,
                            "a group inside a group is read into its section; its label "
                            "becomes an information text",
                        )
                        self.question_into(
                            sections[-1], {**row, c.TYPE: "note"}, number, stack, "note"
                        )
                    stack.append(frame)
                continue
            if not stack and loose is None:
                loose = self.loose_section(sections)
            self.question_into(sections[-1], row, number, stack, kind)
        for frame in stack:
            self.problem("survey", frame["row"], c.TYPE, "this group has no 'end group'")
        # A section of loose rows that held only metadata (start, end) is dropped.
        sections = [
            s for s in sections if s["questions"] or ("_row" in s and self.empty_section(s))
        ]
        if not sections and not self.problems:
            self.problem(
                "survey",
                None,
                c.TYPE,
                "there is no question here our forms can hold (calculations, metadata such as "
                "start and end, and hidden fields are passed over): add at least one question",
            )
        if self.problems:
            return None
        self.number_questions(sections)
        return self.top_level(sections)

    def loose_section(self, sections: list[dict[str, Any]]) -> dict[str, Any]:
        """A section for questions outside any group, titled as the form."""
        section = {
            "id": f"section_{len(sections) + 1}",
            "title": self.settings.get(c.FORM_TITLE) or self.stem,
            "questions": [],
        }
        sections.append(section)
        return section

    def empty_section(self, section: Mapping[str, Any]) -> bool:
        self.problem(
            "survey", section.get("_row"), c.TYPE, f"group '{section['id']}' holds no questions"
        )
        return False

    def skip_group(self, rows: list[tuple[int, Any]], position: int) -> int:
        """The position after the ``end`` matching the ``begin`` just read."""
        depth = 1
        while position < len(rows) and depth:
            kind = ((rows[position][1] or {}).get(c.TYPE) or "").strip().lower()
            depth += kind.startswith("begin") - kind.startswith("end")
            position += 1
        return position

    def section(self, row: Mapping[str, str], number: int) -> dict[str, Any]:
        name = row.get(c.NAME) or f"section_{number}"
        title, title_words = self.words(row, c.LABEL, "title")
        intro, intro_words = self.words(row, c.HINT, "intro")
        section: dict[str, Any] = {
            "id": self.our_id(name, "survey", number),
            "title": title or name,
            "_row": number,
        }
        if not title:
            message = f"group '{name}' has no label: titled '{name}'"
            self.note("survey", number, self.label_column, message)
        if intro:
            section["intro"] = intro
        if row.get(c.SECTION_KIND):
            section["kind"] = row[c.SECTION_KIND]
        if row.get(c.RETENTION_DAYS):
            try:
                section["retention_days"] = int(row[c.RETENTION_DAYS])
            except ValueError:
                self.problem("survey", number, c.RETENTION_DAYS, "write a whole number of days")
        translations = self.translations(title_words, intro_words)
        if translations:
            section["translations"] = translations
        section["questions"] = []
        return section

    def number_questions(self, sections: list[dict[str, Any]]) -> None:
        """Without a ``number`` column, answerable questions are numbered 1..N."""
        if c.NUMBER in self.survey_columns:
            return
        count = 0
        for section in sections:
            for question in section["questions"]:
                if question["type"] == "info":
                    continue
                if section.get("kind") == "contact":
                    question["number"] = None
                    continue
                count += 1
                question["number"] = str(count)
        # "number" goes first, as definition files write it.
        for section in sections:
            section["questions"] = [
                {"id": q["id"], **({"number": q["number"]} if "number" in q else {}), **q}
                for q in section["questions"]
            ]

    def top_level(self, sections: list[dict[str, Any]]) -> dict[str, Any]:
        s = self.settings
        form_id = s.get(c.FORM_ID) or self.stem
        key = self.our_id(form_id, "settings", 2)
        version = 1
        raw_version = s.get(c.VERSION)
        if raw_version:
            if raw_version.isdigit() and 1 <= int(raw_version) <= 999:
                version = int(raw_version)
            else:
                self.note(
                    "settings",
                    2,
                    c.VERSION,
                    f"version '{raw_version}' is not a small whole number: read as version 1 "
                    "(the app numbers the versions it publishes)",
                )
        title = s.get(c.FORM_TITLE)
        if not title:
            title = form_id
            self.note("settings", 2, c.FORM_TITLE, f"no form_title: titled '{form_id}'")
        definition: dict[str, Any] = {"key": key, "version": version, "title": title}
        for column, name in (
            (c.DESCRIPTION, "description"),
            (c.FORM_KIND, "kind"),
            (c.RESPONDENTS, "respondents"),
        ):
            if s.get(column):
                definition[name] = s[column]
        if self.language:
            definition["language"] = self.language
        for column, name in (
            (c.ALLOW_DUPLICATE_NUMBERS, "allow_duplicate_numbers"),
            (c.PARTICIPANT_CODE, "participant_code"),
        ):
            if s.get(column) is not None:
                flag = yes_or_no(s[column])
                if flag is None:
                    self.problem("settings", 2, column, "write yes or no")
                else:
                    definition[name] = flag
        if s.get(c.TIMEPOINTS):
            timepoints = self.options(s[c.TIMEPOINTS], 2)
            if timepoints is not None:
                definition["timepoints"] = timepoints
        if s.get(c.CHANNELS):
            definition["channels"] = s[c.CHANNELS].split()
        definition["sections"] = [
            {k: v for k, v in section.items() if k != "_row"} for section in sections
        ]
        return definition

    def check(self, definition: dict[str, Any]) -> list[XLSFormProblem]:
        """Our own checks (structure, then meaning), each placed on its question's row."""
        name = f"{definition.get('key')} (XLSForm)"
        try:
            check_structure(definition, name)
            check_meaning(build(definition, content_hash(definition)), name)
        except DefinitionError as exc:
            return [self.placed(p.where, p.message) for p in exc.problems]
        return []

    def placed(self, where: str | None, message: str) -> XLSFormProblem:
        found = re.search(r"question '([a-z0-9_]+)'", f"{where or ''} {message}")
        row = self.rows.get(found.group(1)) if found else None
        text = message if row is not None or not where else f"{where}: {message}"
        return XLSFormProblem("survey", row, None, text)
