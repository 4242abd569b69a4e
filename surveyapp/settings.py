"""What views and commands hand to services, read from the running app's configuration: services
take these as arguments and never look at Flask's ``current_app`` themselves."""

from __future__ import annotations

from flask import current_app
from holidays import HolidayBase

from analysis.bank_holidays import bank_holidays


def small_base() -> int:
    """Fewer answers than this and a figure is flagged (``SMALL_BASE``)."""
    return int(current_app.config["SMALL_BASE"])


def organisation_name() -> str:
    """The organisation that runs the studies and writes the reports (``ORG_NAME``)."""
    return str(current_app.config["ORG_NAME"])


def return_address() -> str | None:
    """Where paper forms go back to, printed at their end (``ORG_RETURN_ADDRESS``)."""
    return current_app.config.get("ORG_RETURN_ADDRESS")


def holidays() -> HolidayBase:
    """The bank holidays response deadlines skip (``BANK_HOLIDAYS``: the configured nation's)."""
    return bank_holidays(str(current_app.config["BANK_HOLIDAYS"]))
