"""A study's findings: the Findings page, the appendix workbook's tables, the report's content,
staff's choice and wording of the headlines, and their grouping of what was written after
"Other"."""

from surveyapp.services.findings.content import (
    Appendix,
    FindingsPage,
    appendix,
    compare,
    findings_content,
    findings_page,
)
from surveyapp.services.findings.edits import HeadlineChoice, HeadlineError, save_headlines
from surveyapp.services.findings.grouping import (
    WriteIn,
    WrittenAnswer,
    other_groups,
    save_grouping,
    write_in,
    write_in_questions,
)
from surveyapp.services.findings.publication import (
    publication,
    report_sections,
    save_report_sections,
)

__all__ = [
    "Appendix",
    "FindingsPage",
    "HeadlineChoice",
    "HeadlineError",
    "WriteIn",
    "WrittenAnswer",
    "appendix",
    "compare",
    "findings_content",
    "findings_page",
    "other_groups",
    "publication",
    "report_sections",
    "save_grouping",
    "save_headlines",
    "save_report_sections",
    "write_in",
    "write_in_questions",
]
