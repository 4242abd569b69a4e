"""The shared vocabulary: questionnaire definitions, their loader and their validator.

Everything else imports this package; it imports none of them. A definition is a YAML file at
``questionnaires/<key>/v<N>.yaml`` (see ``questionnaires/README.md`` for the format).
"""

from questionnaires.load import (
    DEFINITIONS_ROOT,
    definition_path,
    find_definition_files,
    load_definition,
    load_file,
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
from questionnaires.validate import DefinitionError, Problem, validate_path

__all__ = [
    "ANSWER_TYPES",
    "DEFINITIONS_ROOT",
    "Condition",
    "DefinitionError",
    "GridAxis",
    "Option",
    "Problem",
    "Question",
    "Questionnaire",
    "Section",
    "definition_path",
    "find_definition_files",
    "load_definition",
    "load_file",
    "validate_path",
]
