"""A study's findings: the Findings page, the appendix workbook's tables, the report's content,
and staff's own wording of the headline findings."""

from surveyapp.services.findings.content import (
    Appendix,
    FindingsPage,
    appendix,
    compare,
    findings_content,
    findings_page,
)
from surveyapp.services.findings.edits import save_finding

__all__ = [
    "Appendix",
    "FindingsPage",
    "appendix",
    "compare",
    "findings_content",
    "findings_page",
    "save_finding",
]
