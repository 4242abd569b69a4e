"""The columns an XLSForm of ours holds: the specification's, then our own (which pyxform passes
over), named here once so that the reader and the writer agree.

Our own columns keep what XLSForm has no word for (the printed number, a scale's values, a
grid's rows and columns, how answers are tabulated); a form from elsewhere needs none of them.
Names avoid pyxform's aliases ("value" is another name for "name", "rows" for a text's height).
"""

from __future__ import annotations

import re

# -- survey sheet -------------------------------------------------------------------------------
TYPE = "type"
NAME = "name"
LABEL = "label"
HINT = "hint"
REQUIRED = "required"
RELEVANT = "relevant"
CONSTRAINT = "constraint"
APPEARANCE = "appearance"
PARAMETERS = "parameters"
# Ours, on questions:
NUMBER = "number"  # the printed number ("5a"); blank: printed without one
LAYOUT = "layout"  # "stacked" (inline is said by the appearance)
UNIT = "unit"
MIN_LABEL = "min_label"
MAX_LABEL = "max_label"
KEY_QUESTION = "key_question"
REPLACES = "replaces"  # earlier versions' ids, separated by spaces
GRID_ROW = "grid_row"  # on a grid's cells: the row's and the column's printed labels
GRID_COLUMN = "grid_column"
# Ours, on a section's group:
SECTION_KIND = "section_kind"  # "contact": answers kept apart, staff only
RETENTION_DAYS = "retention_days"

SURVEY_COLUMNS = (
    TYPE,
    NAME,
    LABEL,
    HINT,
    REQUIRED,
    RELEVANT,
    CONSTRAINT,
    APPEARANCE,
    PARAMETERS,
    NUMBER,
    LAYOUT,
    UNIT,
    MIN_LABEL,
    MAX_LABEL,
    GRID_ROW,
    GRID_COLUMN,
    KEY_QUESTION,
    REPLACES,
    SECTION_KIND,
    RETENTION_DAYS,
)
#: Columns that hold words people read, one more column per language (``label::Welsh (cy)``).
TRANSLATED_SURVEY = (LABEL, HINT)

# -- choices sheet ------------------------------------------------------------------------------
LIST_NAME = "list_name"
SCALE_VALUE = "scale_value"  # a rating scale's order (a whole number): the list is a scale
NOT_APPLICABLE = "na"  # yes: N/A, outside the scale
EXCLUSIVE = "exclusive"
WRITE_IN = "write_in"
TABLE_LABEL = "table_label"
CHOICES_COLUMNS = (
    LIST_NAME,
    NAME,
    LABEL,
    SCALE_VALUE,
    NOT_APPLICABLE,
    EXCLUSIVE,
    WRITE_IN,
    TABLE_LABEL,
)

# -- settings sheet -----------------------------------------------------------------------------
FORM_TITLE = "form_title"
FORM_ID = "form_id"
VERSION = "version"
DEFAULT_LANGUAGE = "default_language"
# Ours:
DESCRIPTION = "description"
FORM_KIND = "kind"
RESPONDENTS = "respondents"
ALLOW_DUPLICATE_NUMBERS = "allow_duplicate_numbers"
PARTICIPANT_CODE = "participant_code"
TIMEPOINTS = "timepoints"  # the name of the choices list holding the timepoints
CHANNELS = "channels"  # separated by spaces
SETTINGS_COLUMNS = (
    FORM_TITLE,
    FORM_ID,
    VERSION,
    DEFAULT_LANGUAGE,
    DESCRIPTION,
    FORM_KIND,
    RESPONDENTS,
    ALLOW_DUPLICATE_NUMBERS,
    PARTICIPANT_CODE,
    TIMEPOINTS,
    CHANNELS,
)

# -- values -------------------------------------------------------------------------------------
YES = "yes"
NO = "no"
#: Appearances of a select that lay its boxes out on a line, as our ``layout: inline``.
INLINE_APPEARANCE = re.compile(r"^(columns(-\d+)?|columns-pack|horizontal(-compact)?|likert)$")
MULTILINE = "multiline"
#: The suffix of the text question that holds what is written beside an option (XLSForm's
#: ``or_other`` makes ``<name>_other``; our online form names the field the same way).
WRITE_IN_SUFFIX = "_other"
#: A grid's cell is named ``<grid>__<row>__<column>``, as our online form names its fields.
GRID_SEPARATOR = "__"


def translated(column: str, language: str | None) -> str:
    """``label`` or ``label::Welsh (cy)``."""
    return f"{column}::{language}" if language else column
