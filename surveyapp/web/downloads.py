"""Files sent to the browser to keep: every download goes through ``attachment``."""

from __future__ import annotations

from flask import Response

CSV = "text/csv"
HTML = "text/html"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(data: bytes | str, filename: str, mimetype: str) -> Response:
    """``data`` as a file named ``filename`` that the browser saves rather than shows."""
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
