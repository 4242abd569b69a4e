"""The shared vocabulary: questionnaire definitions, their loader and their validator.

Everything else imports this package; it imports none of them. Besides definitions it holds
the answer vocabulary (``questionnaires.answers``) that forms, paper keying, imports, the
database and analysis all speak. A definition is a YAML file at
``questionnaires/<key>/v<N>.yaml`` (see ``questionnaires/README.md`` for the format).
"""

from questionnaires.answers import (
    ANSWER_STATES,
    STATE_LABELS,
    UNCLEAR_STATES,
    AnswerState,
    GivenAnswer,
    PageMeta,
    answer_map,
)
from questionnaires.errors import DefinitionError, Problem
from questionnaires.load import (
    DEFINITIONS_ROOT,
    definition_path,
    find_definition_files,
    load_definition,
    load_file,
    validate_path,
)
from questionnaires.model import (
    ANSWER_TYPES,
    Condition,
    GridAxis,
    Option,
    Question,
    Questionnaire,
    Section,
)

__all__ = [
    "ANSWER_STATES",
    "ANSWER_TYPES",
    "DEFINITIONS_ROOT",
    "STATE_LABELS",
    "UNCLEAR_STATES",
    "AnswerState",
    "Condition",
    "DefinitionError",
    "GivenAnswer",
    "GridAxis",
    "Option",
    "PageMeta",
    "Problem",
    "Question",
    "Questionnaire",
    "Section",
    "answer_map",
    "definition_path",
    "find_definition_files",
    "load_definition",
    "load_file",
    "validate_path",
]
