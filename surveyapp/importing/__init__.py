"""Bulk import of returned questionnaires from a CSV or XLSX file, the pure part.

``read_table`` turns the uploaded bytes into a :class:`Table` (header and numbered rows of cell
strings); ``plan_import`` checks it against a questionnaire definition and returns an
:class:`ImportPlan`: the rows that can be imported (as ``GivenAnswer`` s) and every problem, each
naming its row and column and saying what to fix. Nothing here touches the database.
"""

from surveyapp.importing.read import ImportFileError, Table, TableRow, read_table
from surveyapp.importing.rows import ImportPlan, ImportProblem, ImportRow, plan_import

__all__ = [
    "ImportFileError",
    "ImportPlan",
    "ImportProblem",
    "ImportRow",
    "Table",
    "TableRow",
    "plan_import",
    "read_table",
]
