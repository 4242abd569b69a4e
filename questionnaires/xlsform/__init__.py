"""XLSForm in and out: the survey world's spreadsheet form format (ODK, Kobo, SurveyCTO, Ona).

``read_xlsform`` reads a workbook with pyxform's own reader into our definition dict, or says
every problem by sheet, row and column; ``write_xlsform`` writes a definition as a workbook that
pyxform converts to an XForm. See the "XLSForm" section of the README for what maps to what.
"""

from questionnaires.xlsform.reading import read_xlsform
from questionnaires.xlsform.result import XLSFormProblem, XLSFormResult
from questionnaires.xlsform.writing import write_xlsform

__all__ = ["XLSFormProblem", "XLSFormResult", "read_xlsform", "write_xlsform"]
