"""exports: analysis results presented as files people open.

The appendix workbook (openpyxl), CSV, charts (plotly) and the findings report. Imports ``analysis``
and ``questionnaires``, never ``surveyapp`` or Flask.
"""
