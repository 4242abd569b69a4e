"""An XLSForm's questions: their type, wording, required, bounds (``constraint``), conditions
(``relevant``), choices and lines to write on, read into ours."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pyxform import aliases
from pyxform.xls2json import RE_SELECT

from questionnaires.xlsform import columns as c
from questionnaires.xlsform.choices import ChoiceReader
from questionnaires.xlsform.expressions import (
    ExpressionError,
    QuestionInfo,
    constraint_to_bounds,
    relevant_to_condition,
)
from questionnaires.xlsform.sheets import (
    METADATA_TYPES,
    OTHER_LABEL,
    SIMPLE_TYPES,
    SKIPPED_WITH_NOTE,
    yes_or_no,
)

__all__ = ["QuestionReader"]


class QuestionReader(ChoiceReader):
    """Reads one survey row into a question of ours (or refuses it, naming the row)."""

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

    def question_into(
        self,
        section: dict[str, Any],
        row: Mapping[str, str],
        number: int,
        stack: list[dict[str, Any]],
        kind: str,
    ) -> None:
        lowered = kind.lower()
        words = lowered.split(" ")
        # pyxform's own reading of a select type (every spelling the specification allows:
        # "select_one yes_no", "select one from sexes or specify other" ...).
        parsed = RE_SELECT.search(" ".join(kind.split()))
        select = parsed.group("select_command") if parsed else None
        if (
            select is None
            and words[0] in {a.split(" ")[0] for a in aliases.select}
            and any(lowered.startswith(alias) for alias in aliases.select)
        ):
            self.problem(
                "survey",
                number,
                c.TYPE,
                f"write '{words[0]} <list name>' (optionally followed by or_other)",
            )
            return
        if parsed is not None and select is not None:
            what = aliases.select[select]
            if what not in ("select one", "select all that apply") or "file" in select:
                self.refuse_type(kind, number)
                return
            xls_type = "select_one" if what == "select one" else "select_multiple"
            or_other = parsed.group("specify_other") is not None
            self.choice_question(
                section, row, number, stack, xls_type, parsed.group("list_name"), or_other
            )
            return
        if lowered in METADATA_TYPES or (words[0] in METADATA_TYPES and len(words) == 1):
            return
        if lowered in SKIPPED_WITH_NOTE:
            self.note("survey", number, c.TYPE, f"'{kind}' asks nothing of the person: passed over")
            return
        if lowered not in SIMPLE_TYPES:
            self.refuse_type(kind, number)
            return
        xls_type = SIMPLE_TYPES[lowered]
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
            required = yes_or_no(row[c.REQUIRED])
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
            key = yes_or_no(row[c.KEY_QUESTION])
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
            options.append({"code": "other", "label": OTHER_LABEL, "other": True})
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
