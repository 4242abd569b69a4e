"""What every ``surveyapp`` command shares: failing with a message that says what to do."""

from __future__ import annotations

import sys
from typing import NoReturn

import click


def fail(message: str) -> NoReturn:
    """Print ``message`` in red on stderr and exit with status 1 (scripts see the failure)."""
    click.secho(message, fg="red", err=True)
    sys.exit(1)
