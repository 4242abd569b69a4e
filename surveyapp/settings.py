"""What views and commands hand to services, read from the running app's configuration: services
take these as arguments and never look at Flask's ``current_app`` themselves."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app
from holidays import HolidayBase

from analysis.bank_holidays import bank_holidays
from surveyapp.services.jobs import JobQueue, JobSettings
from surveyapp.services.signing_in import SignInRules


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


def time_zone() -> dt.tzinfo:
    """Where the organisation's clocks are (``TIME_ZONE``): times people read are shown in it."""
    return ZoneInfo(str(current_app.config["TIME_ZONE"]))


def job_settings() -> JobSettings:
    """What a job needs of the configuration, as plain values that travel through the queue."""
    config = current_app.config
    return JobSettings(
        organisation=str(config["ORG_NAME"]),
        small_base=int(config["SMALL_BASE"]),
        bank_holidays=str(config["BANK_HOLIDAYS"]),
        return_address=config.get("ORG_RETURN_ADDRESS"),
        import_rows=int(config["IMPORT_ROWS"]),
    )


def job_queue() -> JobQueue:
    """Where this app hands jobs (Redis, a thread of its own, or the request itself)."""
    return current_app.extensions["surveyapp.jobs"]


def job_stale_after() -> dt.timedelta:
    """How long a job's worker may go unheard before the job may be tried again."""
    return dt.timedelta(seconds=float(current_app.config["JOB_STALE_SECONDS"]))


def sign_in_rules() -> SignInRules:
    """How long sign-ins last and how many wrong passwords are taken (``SIGN_IN_*``)."""
    config = current_app.config
    return SignInRules(
        idle=dt.timedelta(minutes=float(config["SIGN_IN_IDLE_MINUTES"])),
        longest=dt.timedelta(hours=float(config["SIGN_IN_LONGEST_HOURS"])),
        per_account=int(config["SIGN_IN_WRONG_PER_ACCOUNT"]),
        per_address=int(config["SIGN_IN_WRONG_PER_ADDRESS"]),
    )


def api_requests_per_minute() -> int:
    """Calls of the read-only API each token may make in a minute (``API_REQUESTS_PER_MINUTE``)."""
    return int(current_app.config["API_REQUESTS_PER_MINUTE"])
