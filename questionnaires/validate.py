"""Two layers of checks on a definition: structure (JSON Schema), then meaning.

Meaning: ids and codes unique, conditions refer back to existing questions and options, every
answerable question carries its printed number, printed numbers unique unless the form really
prints one twice. Every message names the file and the question.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from questionnaires import errors
from questionnaires.errors import DefinitionError, Problem, display_name
from questionnaires.model import CHOICE_TYPES, WRITE_IN_ROWS, Condition, Question, Questionnaire

#: Names the online form uses for fields and attributes of its own (a question with one of these
#: ids would overwrite them); ``__`` joins a grid's id, row and column into one field name.
RESERVED_IDS = frozenset(
    {
        "participant_code",
        "timepoint",
        "start_key",
        "csrf_token",
        "meta",
        "data",
        "errors",
        "form_errors",
        "process",
        "validate",
        "populate_obj",
        "hidden_tag",
        "is_submitted",
        "validate_on_submit",
        "section",
        "definition",
        "given_answers",
        "page_meta",
    }
)

__all__ = ["check_file_name", "check_meaning", "check_structure"]


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads((Path(__file__).parent / "schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def _where(data: dict[str, Any], path: list[Any]) -> str:
    """Turn a JSON path into words: ``section 'about', question 'referred_by', options[2]``."""
    words: list[str] = []
    node: Any = data
    for i, step in enumerate(path):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        parent = path[i - 1] if i else None
        if parent in ("sections", "questions") and isinstance(node, dict) and "id" in node:
            words.append(f"{'section' if parent == 'sections' else 'question'} '{node['id']}'")
        elif isinstance(step, int):
            words[-1:] = [f"{words[-1] if words else parent}[{step}]"]
        else:
            words.append(str(step))
    return ", ".join(words) or "top level"


def check_structure(
    data: dict[str, Any], name: str, line_of: Callable[[list[Any]], int | None] | None = None
) -> None:
    """Raise ``DefinitionError`` if ``data`` does not fit ``schema.json``; with ``line_of`` (a
    JSON path to the line of the file it is on), each problem also names its line."""
    found = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    problems = []
    for error in found:
        # oneOf failures say little; the deepest sub-error says what to fix.
        best = jsonschema.exceptions.best_match([error]) if error.context else error
        where = _where(data, list(best.absolute_path))
        line = line_of(list(best.absolute_path)) if line_of else None
        if line is not None:
            problems.append(Problem(name, best.message, f"line {line}, {where}"))
            continue
        problems.append(Problem(name, errors.STRUCTURE.format(where=where, detail=best.message)))
    if problems:
        raise DefinitionError(problems)


def check_file_name(data: dict[str, Any], path: Path) -> None:
    expected = f"{data['key']}/v{data['version']}.yaml"
    if display_name(path) != expected:
        raise DefinitionError(
            [
                Problem(
                    display_name(path),
                    errors.FILE_NAME.format(
                        name=display_name(path),
                        key=data["key"],
                        version=data["version"],
                        expected=expected,
                    ),
                )
            ]
        )


def _condition_problems(
    question: Question, condition: Condition, seen: dict[str, Question], all_ids: set[str]
) -> list[str]:
    found = []
    for sub in (*condition.all, *condition.any):
        found += _condition_problems(question, sub, seen, all_ids)
    ref = condition.question
    if ref is None:
        return found
    if ref == question.id:
        return [*found, errors.CONDITION_SELF]
    if ref not in all_ids:
        return [*found, errors.CONDITION_UNKNOWN.format(ref=ref)]
    if ref not in seen:
        return [*found, errors.CONDITION_FORWARD.format(ref=ref)]
    target = seen[ref]
    if condition.any_of:
        if target.type not in CHOICE_TYPES:
            return [*found, errors.CONDITION_NOT_CHOICE.format(ref=ref, type=target.type)]
        codes = {o.code for o in target.options}
        found += [
            errors.CONDITION_UNKNOWN_CODE.format(code=code, ref=ref)
            for code in condition.any_of
            if code not in codes
        ]
    return found


def _question_problems(q: Question) -> list[str]:
    found = []
    if q.options and q.type not in CHOICE_TYPES:
        found.append(errors.OPTIONS_NOT_ALLOWED.format(type=q.type))
    codes: set[str] = set()
    for option in q.options:
        if option.code in codes:
            found.append(errors.DUPLICATE_OPTION_CODE.format(code=option.code))
        codes.add(option.code)
        if q.type == "scale" and option.value is None and not option.na:
            found.append(errors.SCALE_VALUE.format(code=option.code))
    if sum(o.other for o in q.options) > 1:
        found.append(errors.MORE_THAN_ONE_OTHER)
    for option in q.options:
        if option.write_in != WRITE_IN_ROWS and not option.other:
            found.append(errors.WRITE_IN_WITHOUT_LINE.format(code=option.code))
    for axis_name, axis in (("row", q.rows), ("column", q.columns)):
        ids = [a.id for a in axis]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            found.append(errors.GRID_DUPLICATE.format(axis=axis_name, id=dup))
    if q.min is not None and q.max is not None and q.min >= q.max:
        found.append(errors.RANGE_ORDER.format(min=q.min, max=q.max))
    return found


def check_meaning(questionnaire: Questionnaire, name: str) -> None:
    """Raise ``DefinitionError`` listing every meaning problem in ``questionnaire``."""
    problems: list[Problem] = []
    raw_questions = {
        q["id"]: set(q)
        for s in questionnaire.raw.get("sections", [])
        for q in s.get("questions", [])
        if isinstance(q, dict) and "id" in q
    }
    all_ids = {q.id for q in questionnaire.questions(include_contact=True)}
    seen: dict[str, Question] = {}
    numbers: dict[str, str] = {}
    section_ids: set[str] = set()
    if questionnaire.timepoints and not questionnaire.participant_code:
        problems.append(Problem(name, errors.TIMEPOINTS_NEED_CODE))
    for section in questionnaire.sections:
        if section.id in section_ids:
            problems.append(
                Problem(name, errors.DUPLICATE_SECTION_ID.format(id=section.id), "top level")
            )
        section_ids.add(section.id)
        for q in section.questions:
            where = f"question '{q.id}'"
            if q.id in seen:
                problems.append(Problem(name, errors.DUPLICATE_QUESTION_ID.format(id=q.id), where))
            if (
                q.id in RESERVED_IDS
                or q.id.startswith("validate_")
                or "__" in q.id
                or any(q.id == f"{other}_other" for other in all_ids)
            ):
                problems.append(Problem(name, errors.RESERVED_ID.format(id=q.id), where))
            found = _question_problems(q)
            if q.takes_answer and "number" not in raw_questions.get(q.id, {"number"}):
                found.append(errors.MISSING_NUMBER)
            if q.type == "grid" and q.required:
                found.append(errors.REQUIRED_GRID)
            if section.is_contact and q.type not in ("text", "textarea", "info"):
                found.append(errors.CONTACT_TYPES.format(id=q.id, type=q.type))
            if q.show_if is not None:
                found += _condition_problems(q, q.show_if, seen, all_ids)
            if q.number and not section.is_contact:
                first = numbers.get(q.number)
                if first and not questionnaire.allow_duplicate_numbers:
                    found.append(
                        errors.DUPLICATE_NUMBER.format(number=q.number, first=first, second=q.id)
                    )
                numbers.setdefault(q.number, q.id)
            problems += [Problem(name, message, where) for message in found]
            seen[q.id] = q
    if problems:
        raise DefinitionError(problems)
