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
from questionnaires.xlsform.expressions import (
    ExpressionError,
    QuestionInfo,
    constraint_to_bounds,
    relevant_to_condition,
)
from questionnaires.xlsform.result import XLSFormProblem, XLSFormResult

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE = re.compile(r"^[A-Za-z0-9_.+-]+$")
#: Types that record something about the filling in, not an answer: passed over.
_METADATA = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "start-geopoint",
        "background-audio",
        "background-geopoint",
        "imei",
        "uri:email",
        "uri:phonenumber",
        "uri:username",
        "uri:deviceid",
        "uri:subscriberid",
        "uri:simserial",
    }
)
#: Types read into ours (besides selects and groups).
_SIMPLE = {
    "text": "text",
    "string": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "note": "note",
    "range": "range",
}
_SKIPPED_WITH_NOTE = frozenset({"calculate", "hidden"})
_PYXFORM_ROW = re.compile(r"\[row : (\d+)\]")
_PYXFORM_SHEET = re.compile(r"'(survey|choices|settings)' sheet")
_OTHER_LABEL = "Other (please specify)"
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
    reader = _Reader(book, PurePath(filename).stem)
    definition = reader.read()
    problems = reader.problems + _pyxform_problems(data, suffix, reader.problems)
    if definition is not None and not problems:
        problems += reader.check(definition)
    return XLSFormResult(None if problems else definition, problems, reader.notes)


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


def _flag(value: str | None) -> bool | None:
    if value is None:
        return None
    return aliases.yes_no.get(value.strip())


class _Reader:
    def __init__(self, book: Mapping[str, Any], stem: str) -> None:
        self.book = book
        self.stem = stem
        self.problems: list[XLSFormProblem] = []
        self.notes: list[XLSFormProblem] = []
        self.settings: dict[str, str] = dict((book.get("settings") or [{}])[0] or {})
        headers = {
            sheet: list((book.get(f"{sheet}_header") or [{}])[0] or {})
            for sheet in ("survey", "choices")
        }
        self.survey_columns = headers["survey"]
        self.language, self.label_column, self.languages = self.languages_of(
            headers["survey"] + headers["choices"]
        )
        self.lists = self.read_choices()
        # Question names read so far -> (our id, what it is), for conditions.
        self.known: dict[str, tuple[str, QuestionInfo]] = {}
        self.ids: dict[str, str] = {}  # our id -> the name it came from
        self.rows: dict[str, int] = {}  # our id -> its row, to place the meaning checks' problems
        self.questions: dict[str, dict[str, Any]] = {}

    # -- problems and notes ---------------------------------------------------------------------

    def problem(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(XLSFormProblem(sheet, row, column, message))

    def note(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.notes.append(XLSFormProblem(sheet, row, column, message))

    # -- languages ------------------------------------------------------------------------------

    def languages_of(self, headers: list[str]) -> tuple[str | None, str, list[str]]:
        """(our ``language``, the label column of it, the other languages)."""
        found: list[str] = []
        for header in headers:
            base, _, spoken = header.partition("::")
            if base in c.TRANSLATED_SURVEY and spoken and spoken not in found:
                found.append(spoken)
        default = self.settings.get(c.DEFAULT_LANGUAGE)
        if default and default in found:
            language: str | None = default
        elif c.LABEL in headers or not found:
            language = None
        else:
            language = found[0]
        others = [f for f in found if f != language]
        return language, c.translated(c.LABEL, language), others

    def words(self, row: Mapping[str, str], column: str, key: str) -> tuple[str | None, dict]:
        """The default language's words in ``column`` and the translations of ``key``."""
        text = row.get(c.translated(column, self.language))
        if text is None and self.language is not None:
            text = row.get(column)
        translations = {
            language: {key: row[c.translated(column, language)]}
            for language in self.languages
            if row.get(c.translated(column, language))
        }
        return text, translations

    def translations(self, *parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        merged: dict[str, dict[str, str]] = {}
        for part in parts:
            for language, words in part.items():
                merged.setdefault(language, {}).update(words)
        return {language: merged[language] for language in self.languages if language in merged}

    # -- ids ------------------------------------------------------------------------------------

    def our_id(self, name: str, sheet: str, row: int) -> str:
        """Our id for an XLSForm name (lower case, ``_`` for other characters), noted when it
        differs."""
        ours = re.sub(r"[^a-z0-9_]", "_", name.lower())
        if not ours[:1].isalpha():
            ours = f"q_{ours}"
        if ours != name:
            self.note(sheet, row, c.NAME, f"'{name}' is read as the id '{ours}'")
        return ours

    # -- choices --------------------------------------------------------------------------------

    def read_choices(self) -> dict[str, list[dict[str, Any]]]:
        lists: dict[str, list[dict[str, Any]]] = {}
        for index, row in enumerate(self.book.get("choices") or []):
            number = index + 2
            if not row:
                continue
            list_name = row.get(c.LIST_NAME) or row.get("list name")
            code = row.get(c.NAME) or row.get("value")
            if not list_name:
                self.problem("choices", number, c.LIST_NAME, "give the list's name")
                continue
            if code is None:
                self.problem("choices", number, c.NAME, "give the choice's name (its code)")
                continue
            if not _CODE.match(code):
                self.problem(
                    "choices",
                    number,
                    c.NAME,
                    f"'{code}' cannot be a code: use letters, digits and _ . + - only",
                )
                continue
            label, translations = self.words(row, c.LABEL, "label")
            if not label:
                self.problem("choices", number, self.label_column, f"choice '{code}' has no label")
                continue
            option: dict[str, Any] = {"code": code, "label": label}
            if row.get(c.SCALE_VALUE) is not None:
                try:
                    option["value"] = int(row[c.SCALE_VALUE])
                except ValueError:
                    self.problem(
                        "choices",
                        number,
                        c.SCALE_VALUE,
                        f"'{row[c.SCALE_VALUE]}' is not a whole number",
                    )
            for column, key in ((c.NOT_APPLICABLE, "na"), (c.EXCLUSIVE, "exclusive")):
                if row.get(column) is not None:
                    flag = _flag(row[column])
                    if flag is None:
                        self.problem("choices", number, column, "write yes or no")
                    else:
                        option[key] = flag
            for column, key in ((c.WRITE_IN, "write_in"), (c.TABLE_LABEL, "table_label")):
                if row.get(column) is not None:
                    option[key] = row[column]
            if translations:
                option["translations"] = translations
            lists.setdefault(list_name, []).append({**option, "_row": number})
        return lists

    def options(self, list_name: str, row: int) -> list[dict[str, Any]] | None:
        if list_name not in self.lists:
            self.problem(
                "survey",
                row,
                c.TYPE,
                f"the choices list '{list_name}' is not on the choices sheet",
            )
            return None
        return [{k: v for k, v in o.items() if k != "_row"} for o in self.lists[list_name]]

    # -- the survey sheet -----------------------------------------------------------------------

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

    def own_relevant(self, row: Mapping[str, str], number: int) -> list[dict[str, Any]]:
        """This row's condition (none or one)."""
        expression = row.get(c.RELEVANT)
        if not expression:
            return []
        try:
            return [relevant_to_condition(expression, self.known.get)]
        except ExpressionError as exc:
            self.problem("survey", number, c.RELEVANT, str(exc))
            return []

    def relevant(
        self, row: Mapping[str, str], number: int, stack: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """The conditions of the open groups and of this row, in order."""
        return [cond for frame in stack for cond in frame["condition"]] + self.own_relevant(
            row, number
        )

    # -- questions ------------------------------------------------------------------------------

    def question_into(
        self,
        section: dict[str, Any],
        row: Mapping[str, str],
        number: int,
        stack: list[dict[str, Any]],
        kind: str,
    ) -> None:
        lowered = kind.lower()
        select = next(
            (
                alias
                for alias in sorted(aliases.select, key=len, reverse=True)
                if lowered.startswith(alias + " ") or lowered == alias
            ),
            None,
        )
        words = lowered.split(" ")
        if select is not None:
            what = aliases.select[select]
            if (
                what not in ("select one", "select all that apply")
                or "from_file" in select
                or ("from file" in select)
            ):
                self.refuse_type(kind, number)
                return
            rest = kind[len(select) :].split()
            if not rest or len(rest) > 2 or (len(rest) == 2 and rest[1] != "or_other"):
                self.problem(
                    "survey",
                    number,
                    c.TYPE,
                    f"write '{select} <list name>' (optionally followed by or_other)",
                )
                return
            xls_type = "select_one" if what == "select one" else "select_multiple"
            self.choice_question(section, row, number, stack, xls_type, rest[0], len(rest) == 2)
            return
        if lowered in _METADATA or (words[0] in _METADATA and len(words) == 1):
            return
        if lowered in _SKIPPED_WITH_NOTE:
            self.note("survey", number, c.TYPE, f"'{kind}' asks nothing of the person: passed over")
            return
        if lowered not in _SIMPLE:
            self.refuse_type(kind, number)
            return
        xls_type = _SIMPLE[lowered]
        name = row.get(c.NAME) or ""
        if (
            xls_type == "text"
            and name.endswith(c.WRITE_IN_SUFFIX)
            and name[: -len(c.WRITE_IN_SUFFIX)] in self.known
        ):
            self.write_in(row, number, name[: -len(c.WRITE_IN_SUFFIX)])
            return
        question = self.common(row, number, stack)
        if question is None:
            return
        if xls_type == "note":
            question["type"] = "info"
            if not row.get(c.NUMBER):
                question.pop("number", None)
        elif xls_type == "date":
            question["type"] = "date"
        elif xls_type == "range":
            self.range_question(question, row, number)
        else:
            if xls_type == "text":
                question["type"] = (
                    "textarea" if c.MULTILINE in (row.get(c.APPEARANCE) or "").split() else "text"
                )
            else:
                question["type"] = "number"
                if xls_type == "decimal":
                    question["integer"] = False
            if row.get(c.CONSTRAINT):
                self.bounds(question, row[c.CONSTRAINT], xls_type, number)
            if row.get(c.UNIT) and question["type"] == "number":
                question["unit"] = row[c.UNIT]
        self.add(section, question, number, (xls_type, ()), row)

    def refuse_type(self, kind: str, number: int) -> None:
        self.problem(
            "survey",
            number,
            c.TYPE,
            f"the type '{kind}' cannot be read: our forms hold select_one, select_multiple, "
            "text, integer, decimal, date, range, note and groups",
        )

    def bounds(self, question: dict[str, Any], expression: str, kind: str, number: int) -> None:
        try:
            question.update(constraint_to_bounds(expression, kind))
        except ExpressionError as exc:
            self.problem("survey", number, c.CONSTRAINT, str(exc))

    def common(
        self, row: Mapping[str, str], number: int, stack: list[dict[str, Any]]
    ) -> dict[str, Any] | None:
        """Id, number, wording, help, required and condition: what every question has."""
        name = row.get(c.NAME)
        if not name:
            self.problem("survey", number, c.NAME, "give the question a name")
            return None
        text, text_words = self.words(row, c.LABEL, "text")
        help_text, help_words = self.words(row, c.HINT, "help")
        if not text:
            self.problem("survey", number, self.label_column, f"'{name}' has no label")
            return None
        question: dict[str, Any] = {"id": self.our_id(name, "survey", number)}
        if c.NUMBER in self.survey_columns:
            question["number"] = row.get(c.NUMBER)
        question["type"] = ""
        question["text"] = text
        if help_text:
            question["help"] = help_text
        if row.get(c.REQUIRED) is not None:
            required = _flag(row[c.REQUIRED])
            if required is None:
                self.problem(
                    "survey",
                    number,
                    c.REQUIRED,
                    f"'{row[c.REQUIRED]}' cannot be read: write yes or no (our forms do not "
                    "make a question required on a condition)",
                )
            else:
                question["required"] = required
        conditions = self.relevant(row, number, stack)
        if conditions:
            question["show_if"] = conditions[0] if len(conditions) == 1 else {"all": conditions}
        if row.get(c.KEY_QUESTION) is not None:
            key = _flag(row[c.KEY_QUESTION])
            if key is None:
                self.problem("survey", number, c.KEY_QUESTION, "write yes or no")
            else:
                question["key_question"] = key
        if row.get(c.REPLACES):
            question["replaces"] = row[c.REPLACES].split()
        translations = self.translations(text_words, help_words)
        if translations:
            question["translations"] = translations
        if row.get(c.CONSTRAINT) and row.get(c.TYPE, "").strip().lower() in ("note", "date"):
            self.problem(
                "survey", number, c.CONSTRAINT, "our forms check no constraint on this type"
            )
        return question

    def add(
        self,
        section: dict[str, Any],
        question: dict[str, Any],
        number: int,
        info: QuestionInfo,
        row: Mapping[str, str],
    ) -> None:
        layout = row.get(c.LAYOUT)
        if layout:
            if layout not in ("inline", "stacked"):
                self.problem("survey", number, c.LAYOUT, "write inline or stacked")
            else:
                question["layout"] = layout
        if question["id"] in self.ids:
            self.problem(
                "survey",
                number,
                c.NAME,
                f"'{row.get(c.NAME)}' is read as the id '{question['id']}', which "
                f"'{self.ids[question['id']]}' has already; rename one",
            )
            return
        self.ids[question["id"]] = row.get(c.NAME) or ""
        self.rows[question["id"]] = number
        self.known[row.get(c.NAME) or ""] = (question["id"], info)
        self.questions[row.get(c.NAME) or ""] = question
        section["questions"].append(question)

    def choice_question(
        self,
        section: dict[str, Any],
        row: Mapping[str, str],
        number: int,
        stack: list[dict[str, Any]],
        xls_type: str,
        list_name: str,
        or_other: bool,
    ) -> None:
        question = self.common(row, number, stack)
        options = self.options(list_name, number)
        if question is None or options is None:
            return
        scale = xls_type == "select_one" and any("value" in o or o.get("na") for o in options)
        question["type"] = (
            "scale" if scale else ("single" if xls_type == "select_one" else "multiple")
        )
        if or_other:
            options.append({"code": "other", "label": _OTHER_LABEL, "other": True})
        question["options"] = options
        appearance = (row.get(c.APPEARANCE) or "").split()
        if any(c.INLINE_APPEARANCE.match(a) for a in appearance):
            question["layout"] = "inline"
        if row.get(c.CONSTRAINT):
            self.problem(
                "survey", number, c.CONSTRAINT, "our forms check no constraint on a choice"
            )
        self.add(section, question, number, (xls_type, [o["code"] for o in options]), row)

    def write_in(self, row: Mapping[str, str], number: int, of: str) -> None:
        """``<name>_other``: the line to write on beside one option of ``<name>``."""
        question = self.questions.get(of)
        xls_type = self.known[of][1][0]
        if question is None or xls_type not in ("select_one", "select_multiple"):
            self.problem(
                "survey",
                number,
                c.NAME,
                f"'{row.get(c.NAME)}' is named as the written answer of '{of}', which is not a "
                "choice question; rename it",
            )
            return
        codes = [o["code"] for o in question["options"]]
        code = None
        expression = row.get(c.RELEVANT)
        if expression:
            try:
                condition = relevant_to_condition(expression, self.known.get)
            except ExpressionError:
                condition = {}
            chosen = condition.get("any_of", [])
            if condition.get("question") == question["id"] and len(chosen) == 1:
                code = chosen[0]
        elif "other" in codes:
            code = "other"
        option = next((o for o in question["options"] if o["code"] == code), None)
        if option is None:
            self.problem(
                "survey",
                number,
                c.RELEVANT,
                f"'{row.get(c.NAME)}' holds what is written beside an option of '{of}': its "
                f"relevant must name that option, as selected(${{{of}}}, 'other')",
            )
        elif option.get("other"):
            self.problem(
                "survey",
                number,
                c.NAME,
                f"option '{code}' of '{of}' has a line to write on already (or_other)",
            )
        else:
            option["other"] = True

    def range_question(self, question: dict[str, Any], row: Mapping[str, str], number: int) -> None:
        question["type"] = "range"
        parameters = dict(
            part.split("=", 1) for part in (row.get(c.PARAMETERS) or "").split() if "=" in part
        )
        try:
            start = float(parameters.get("start", "1"))
            end = float(parameters.get("end", "10"))
            step = float(parameters.get("step", "1"))
        except ValueError:
            self.problem("survey", number, c.PARAMETERS, "write start=0 end=10 step=1")
            return
        if step != 1 or not start.is_integer() or not end.is_integer():
            self.problem(
                "survey",
                number,
                c.PARAMETERS,
                "our ranges are whole numbers one apart: write whole start and end, step=1",
            )
            return
        question["min"], question["max"] = int(start), int(end)
        for column, key in ((c.MIN_LABEL, "min_label"), (c.MAX_LABEL, "max_label")):
            if row.get(column):
                question[key] = row[column]

    # -- grids ----------------------------------------------------------------------------------

    def is_grid(self, rows: list[tuple[int, Any]], position: int, row: Mapping[str, str]) -> bool:
        name = row.get(c.NAME) or ""
        following: Mapping[str, str] = next((r for _, r in rows[position:] if r), {})
        return bool(name) and (following.get(c.NAME) or "").startswith(name + c.GRID_SEPARATOR)

    def grid(
        self,
        rows: list[tuple[int, Any]],
        position: int,
        row: Mapping[str, str],
        number: int,
        stack: list[dict[str, Any]],
        sections: list[dict[str, Any]],
    ) -> int:
        """A group of cells ``<grid>__<row>__<column>``; returns the position after its end."""
        question = self.common(row, number, stack)
        name = row.get(c.NAME) or ""
        grid_rows: dict[str, str] = {}
        grid_columns: dict[str, str] = {}
        cells: set[tuple[str, str]] = set()
        kinds: set[str] = set()
        constraints: set[str] = set()
        while position < len(rows):
            index, cell = rows[position]
            position += 1
            if not cell:
                continue
            cell_type = (cell.get(c.TYPE) or "").strip().lower()
            if cell_type.startswith("end"):
                break
            parts = (cell.get(c.NAME) or "").split(c.GRID_SEPARATOR)
            if (
                len(parts) != 3
                or parts[0] != name
                or _SIMPLE.get(cell_type)
                not in (
                    "integer",
                    "decimal",
                )
            ):
                self.problem(
                    "survey",
                    index + 2,
                    c.NAME,
                    f"a grid's cells are integer or decimal questions named "
                    f"{name}__<row>__<column>",
                )
                continue
            for axis, column, key in (
                (grid_rows, c.GRID_ROW, parts[1]),
                (grid_columns, c.GRID_COLUMN, parts[2]),
            ):
                axis.setdefault(key, cell.get(column) or key)
            cells.add((parts[1], parts[2]))
            kinds.add(_SIMPLE[cell_type])
            constraints.add(cell.get(c.CONSTRAINT) or "")
        if question is None:
            return position
        if len(cells) != len(grid_rows) * len(grid_columns) or len(kinds) > 1:
            self.problem(
                "survey",
                number,
                c.NAME,
                f"grid '{name}' needs one cell for every row and column, all integer or all "
                "decimal",
            )
            return position
        question["type"] = "grid"
        question["rows"] = [{"id": k, "label": v} for k, v in grid_rows.items()]
        question["columns"] = [{"id": k, "label": v} for k, v in grid_columns.items()]
        kind = kinds.pop()
        if len(constraints) > 1:
            self.problem("survey", number, c.CONSTRAINT, "a grid's cells share one constraint")
        elif constraints and (expression := constraints.pop()):
            self.bounds(question, expression, kind, number)
        if kind == "decimal":
            question["integer"] = False
        if row.get(c.UNIT):
            question["unit"] = row[c.UNIT]
        self.add(sections[-1], question, number, ("grid", ()), row)
        return position

    # -- numbers, settings, checks ---------------------------------------------------------------

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
                flag = _flag(s[column])
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
