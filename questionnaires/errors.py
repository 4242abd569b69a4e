"""Problems with definition files: the error that carries them, how a message names a file, and
the message templates (one place, so tests and docs quote them exactly)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

YAML_SYNTAX = "is not valid YAML: {detail}"
NOT_A_MAPPING = "must hold a mapping (key: value pairs) at the top level"
STRUCTURE = "{where}: {detail}"
FILE_NAME = "is named {name} but declares key '{key}' version {version}; expected {expected}"
INCLUDE_MISSING = "includes '{include}', but there is no file {path}"
INCLUDE_NOT_SHARED = "includes '{include}', which is not a shared section file (kind: shared)"
INCLUDE_NESTED = "includes '{include}', which itself includes another file; includes do not nest"
DUPLICATE_QUESTION_ID = "question id '{id}' is used more than once"
DUPLICATE_SECTION_ID = "section id '{id}' is used more than once"
DUPLICATE_OPTION_CODE = "option code '{code}' appears more than once"
DUPLICATE_NUMBER = (
    "printed number '{number}' is used by '{first}' and '{second}'; renumber, or set "
    "allow_duplicate_numbers: true if the paper form really prints it twice"
)
MISSING_NUMBER = "has no printed number: give 'number' (null when the paper prints none)"
CONDITION_UNKNOWN = "show_if refers to question '{ref}', which does not exist"
CONDITION_FORWARD = "show_if refers to question '{ref}', which comes after it; conditions look back"
CONDITION_SELF = "show_if refers to itself"
CONDITION_NOT_CHOICE = "show_if uses any_of on '{ref}', which is a {type} question, not a choice"
CONDITION_UNKNOWN_CODE = "show_if refers to option '{code}' of '{ref}', which has no such option"
OPTIONS_NOT_ALLOWED = "is a {type} question and cannot have options"
GRID_DUPLICATE = "grid {axis} id '{id}' appears more than once"
RANGE_ORDER = "min ({min}) must be less than max ({max})"
SCALE_VALUE = "scale option '{code}' needs a whole-number value (or na: true for N/A)"
MORE_THAN_ONE_OTHER = "has more than one 'Other (please specify)' option"
WRITE_IN_WITHOUT_LINE = (
    "option '{code}' says how its written answers are tabulated (write_in) but has no line to "
    "write on: add other: true, or remove write_in"
)
CONTACT_TYPES = "contact details section may only hold text questions; '{id}' is {type}"
TIMEPOINTS_NEED_CODE = "timepoints are only meaningful with participant_code: true"
SHARED_NOT_SERVABLE = "is a shared section file (kind: shared) and cannot be served on its own"
RESERVED_ID = "uses the id '{id}', which the online form needs for itself; choose another"
REQUIRED_GRID = "is a grid, which cannot be required: say in its wording which cells to fill"


class DefinitionError(Exception):
    """A definition file that cannot be used; ``problems`` name file, question and problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problem:
    """One thing wrong with one file, said so that the person editing it can fix it."""

    __slots__ = ("file", "message", "where")

    def __init__(self, file: str, message: str, where: str | None = None) -> None:
        self.file = file
        self.where = where
        self.message = message

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.where}: {self.message}"
            if self.where
            else (f"{self.file}: {self.message}")
        )

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"


def display_name(path: Path) -> str:
    """``patient/v1.yaml``: short enough to read, long enough to find."""
    path = Path(path).resolve()
    return f"{path.parent.name}/{path.name}"
