"""Configuration: defaults for the embedded SQLite set-up, overridden by environment variables.

Everything that names an organisation (name, logo, colour) is configuration, because the bodies that
run this will change (Healthwatch today, ICBs and councils tomorrow).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from analysis.bank_holidays import NATIONS

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_database_url(instance_path: str) -> str:
    return f"sqlite:///{Path(instance_path) / 'surveyapp.db'}"


def from_environment() -> dict[str, object]:
    """Settings read from ``SURVEYAPP_*`` / ``DATABASE_URL`` variables (unset ones are left out)."""
    names = {
        "DATABASE_URL": "DATABASE_URL",
        "SECRET_KEY": "SURVEYAPP_SECRET_KEY",
        "ORG_NAME": "SURVEYAPP_ORG_NAME",
        "ORG_COLOUR": "SURVEYAPP_ORG_COLOUR",
        "ORG_LOGO_URL": "SURVEYAPP_ORG_LOGO_URL",
        "ORG_CONTACT": "SURVEYAPP_ORG_CONTACT",
        "ORG_RETURN_ADDRESS": "SURVEYAPP_ORG_RETURN_ADDRESS",
        "QUESTIONNAIRES_DIR": "SURVEYAPP_QUESTIONNAIRES_DIR",
        "CODEBOOKS_DIR": "SURVEYAPP_CODEBOOKS_DIR",
        "GOVUK_FRONTEND_DIR": "SURVEYAPP_GOVUK_FRONTEND_DIR",
        "BANK_HOLIDAYS": "SURVEYAPP_BANK_HOLIDAYS",
        "REDIS_URL": "SURVEYAPP_REDIS_URL",
        "JOBS": "SURVEYAPP_JOBS",
        "JOB_STALE_SECONDS": "SURVEYAPP_JOB_STALE_SECONDS",
        "SQLITE_BUSY_SECONDS": "SURVEYAPP_SQLITE_BUSY_SECONDS",
        "PROXIES": "SURVEYAPP_PROXIES",
        "SIGN_IN_IDLE_MINUTES": "SURVEYAPP_SIGN_IN_IDLE_MINUTES",
        "SIGN_IN_LONGEST_HOURS": "SURVEYAPP_SIGN_IN_LONGEST_HOURS",
        "IMPORT_ROWS": "SURVEYAPP_IMPORT_ROWS",
        "TIME_ZONE": "SURVEYAPP_TIME_ZONE",
        "API_REQUESTS_PER_MINUTE": "SURVEYAPP_API_REQUESTS_PER_MINUTE",
    }
    found: dict[str, object] = {
        key: os.environ[var] for key, var in names.items() if os.environ.get(var)
    }
    if os.environ.get("SURVEYAPP_MAX_UPLOAD_MB"):
        found["MAX_CONTENT_LENGTH"] = int(
            float(os.environ["SURVEYAPP_MAX_UPLOAD_MB"]) * 1024 * 1024
        )
    if os.environ.get("SURVEYAPP_SECURE_COOKIES", "").lower() in ("1", "true", "yes"):
        # Behind HTTPS in production: cookies never travel in clear.
        found["SESSION_COOKIE_SECURE"] = True
        found["REMEMBER_COOKIE_SECURE"] = True
    return found


DEFAULTS: dict[str, object] = {
    # Unset: a key made once and kept in instance/secret_key, so that every worker process and
    # every restart signs sessions and CSRF tokens alike (a patient's page must still post).
    "SECRET_KEY": None,
    "DATABASE_URL": None,
    "ORG_NAME": "Healthwatch Bromley",
    # Header background; must give white text a contrast of at least 4.5:1.
    "ORG_COLOUR": "#004b88",
    "ORG_LOGO_URL": None,
    "ORG_CONTACT": None,
    # Printed at the end of paper forms ("FREEPOST ..."), so returns come back to this body.
    "ORG_RETURN_ADDRESS": None,
    "QUESTIONNAIRES_DIR": None,
    # The organisation's own codebooks (<key>.yaml), beside the shipped ones.
    "CODEBOOKS_DIR": None,
    "GOVUK_FRONTEND_DIR": str(PROJECT_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    "WTF_CSRF_TIME_LIMIT": None,  # a patient may take an hour over a form
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "CONTACT_RETENTION_DAYS": 365,
    # Whose bank holidays statutory deadlines skip: ENG, WLS, SCT or NIR.
    "BANK_HOLIDAYS": "ENG",
    # A recommendation whose evidence rests on fewer answers than this is flagged.
    "SMALL_BASE": 10,
    # Redis for the job queue (redis://127.0.0.1:6379/0): workbooks, reports, paper batches,
    # imports and theming are done by ``surveyapp jobs worker`` processes on any machine.
    "REDIS_URL": None,
    # Without Redis, where jobs run: "thread" (a thread of the app process, the default) or
    # "now" (inside the request that asks: tests, and a single-user CLI).
    "JOBS": "thread",
    # A job whose worker has not been heard of for this long stopped; staff may try it again.
    "JOB_STALE_SECONDS": 60,
    # How long a save waits for another process's write on SQLite before the app says it is
    # busy (503, try again), keeping what was typed.
    "SQLITE_BUSY_SECONDS": 15,
    # What the fault pages ask people to wait before trying again (the Retry-After header).
    "RETRY_AFTER_SECONDS": 30,
    # How many proxies (nginx, a load balancer) stand in front of the app: their X-Forwarded-For
    # and -Proto are then believed, so that a person's own address is what sign-in throttling
    # counts (not the proxy's, shared by everyone) and HTTPS is known. 0: serve directly.
    "PROXIES": 0,
    # A sign-in ends after this long without a page, and after this long in any case.
    "SIGN_IN_IDLE_MINUTES": 60,
    "SIGN_IN_LONGEST_HOURS": 12,
    # Wrong passwords within 15 minutes after which an account, or an address, must wait.
    "SIGN_IN_WRONG_PER_ACCOUNT": 5,
    "SIGN_IN_WRONG_PER_ADDRESS": 20,
    # The largest request taken (an import's file); larger ones get the 413 page.
    "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
    # The most rows of answers one file imported through the web may hold; the import is a job,
    # but every row is held in memory while checked. Bigger files: split, or the CLI.
    "IMPORT_ROWS": 100_000,
    # Where the organisation's clocks are: times on pages are shown in it (kept in UTC).
    "TIME_ZONE": "Europe/London",
    # Calls of the read-only API each personal access token may make in a minute (counted in
    # the database, so every app process sees the same count); past it, 429 and Retry-After.
    "API_REQUESTS_PER_MINUTE": 120,
}


def resolve(config: dict[str, object], instance_path: str) -> dict[str, object]:
    """Fill the gaps left after defaults, environment and the caller's overrides."""
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = instance_secret_key(Path(instance_path))
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = default_database_url(instance_path)
    nation = str(config.get("BANK_HOLIDAYS", "")).upper()
    if nation not in NATIONS:
        # Said at start-up, not on the first deadline a member of staff asks for.
        raise ValueError(
            f"SURVEYAPP_BANK_HOLIDAYS is '{nation}': use ENG, WLS, SCT or NIR (the UK nation "
            "whose bank holidays response deadlines skip)"
        )
    config["BANK_HOLIDAYS"] = nation
    try:
        config["IMPORT_ROWS"] = int(str(config.get("IMPORT_ROWS")))
        if int(config["IMPORT_ROWS"]) < 1:
            raise ValueError
    except ValueError:
        raise ValueError(
            f"SURVEYAPP_IMPORT_ROWS is '{config.get('IMPORT_ROWS')}': use a whole number of rows, "
            "such as 100000 (the most rows one file imported through the web may hold)"
        ) from None
    try:
        ZoneInfo(str(config.get("TIME_ZONE")))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"SURVEYAPP_TIME_ZONE is '{config.get('TIME_ZONE')}': use a zone name such as "
            "Europe/London (the place whose clocks the pages show times in)"
        ) from None
    try:
        config["API_REQUESTS_PER_MINUTE"] = int(str(config.get("API_REQUESTS_PER_MINUTE")))
        if int(config["API_REQUESTS_PER_MINUTE"]) < 1:
            raise ValueError
    except ValueError:
        raise ValueError(
            "SURVEYAPP_API_REQUESTS_PER_MINUTE is "
            f"'{config.get('API_REQUESTS_PER_MINUTE')}': use a whole number of calls, such as "
            "120 (the most calls of the API each token may make in a minute)"
        ) from None
    if config.get("JOBS") not in ("thread", "now"):
        raise ValueError(f"SURVEYAPP_JOBS is '{config.get('JOBS')}': use thread or now")
    return config


def instance_secret_key(instance_path: Path) -> str:
    """The key in ``instance/secret_key``, made on first use (by whichever process is first)."""
    path = instance_path / "secret_key"
    instance_path.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip()
