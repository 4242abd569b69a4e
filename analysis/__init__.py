"""analysis: pure functions over the tidy answer frame and questionnaire definitions.

pandas in, pandas or plain dataclasses out; no I/O, no Flask, no database. The tidy frame's columns
are ``analysis.frames.TIDY_COLUMNS`` (see DESIGN.md): appendix tables, Likert summaries,
crosstabs, ONS4 outcomes, free-text themes and recommendation tracking are built on it.
"""
