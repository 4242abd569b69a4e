"""The order of a published report, and the provider's response as the report prints it:
shared by the HTML and Word reports so the two always hold the same parts."""

from __future__ import annotations

from analysis.tracker import format_day
from exports.publication import Publication
from exports.report_parts import Grid, charted_tables
from exports.tracker.data import ResponseFormData

RESPONSES_HEADING = "Responses to this report"


def outline(publication: Publication) -> list[tuple[str, str]]:
    """The report's parts that have something to say, as (anchor, heading), in the order a
    Healthwatch report prints them: about and acknowledgements, how to read it, the summary,
    background and what was done, key findings, recommendations, the full findings, what
    people wrote, appendices, then the responses of those the report went to."""
    content = publication.content
    parts = []
    for key in ("about", "acknowledgements"):
        section = publication.section(key)
        if section is not None:
            parts.append((key, section.heading))
    parts.append(("how-to-read", "How to read this report"))
    for key in ("summary", "background"):
        section = publication.section(key)
        if section is not None:
            parts.append((key, section.heading))
    method = publication.section("method")
    parts.append(("method", method.heading if method else "What we did"))
    parts.append(("findings", "Key findings"))
    if publication.recommendations:
        parts.append(("recommendations", "Recommendations"))
    if charted_tables(content) or content.ratings or content.crosstabs or content.ons4:
        parts.append(("full-findings", "Full findings"))
    if content.themes or content.quotes:
        parts.append(("themes", "What people told us"))
    parts.append(("appendix", "Appendices"))
    if publication.responses:
        parts.append(("responses", RESPONSES_HEADING))
    return parts


def response_lines(form: ResponseFormData) -> list[str]:
    """What a response form says before its table: who it went to and when it was due."""
    lines = [f"Sent to {form.sent_to} on {format_day(form.sent_on)}."]
    due = form.extended_to or form.deadline
    extended = f" (extended: {form.extension_reason})" if form.extended_to else ""
    if form.received_on:
        lines.append(f"Response received on {format_day(form.received_on)}.")
    else:
        lines.append(f"Response due by {format_day(due)}{extended}; not received yet.")
    if form.general_response:
        lines.append(form.general_response)
    return lines


def response_grid(form: ResponseFormData) -> Grid:
    rows = tuple(
        (
            f"{row.number}. {row.recommendation}",
            row.stance or "Not answered yet",
            row.answer or "",
            "; ".join(row.actions),
        )
        for row in form.rows
    )
    return Grid(
        caption=f"Response of {form.sent_to}",
        headers=("Recommendation", "Response", "What they said", "Actions"),
        rows=rows,
        text_columns=4,
    )
