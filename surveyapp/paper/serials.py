"""Serial numbers printed on paper forms: six digits and a check digit (``000012-5``).

The check digit (Damm's algorithm, from python-stdnum) catches every single mistyped digit and
every swap of two neighbouring digits, so a volunteer's slip is caught at the serial box rather
than saving answers against somebody else's form.
"""

from __future__ import annotations

import re

from stdnum import damm


class SerialError(ValueError):
    """A typed serial that cannot be a printed one; the message says what looks wrong."""


def format_serial(number: int) -> str:
    """The printed serial of the ``number``-th form: ``format_serial(12) == "000012-5"``."""
    digits = f"{number:06d}"
    return f"{digits}-{damm.calc_check_digit(digits)}"


def normalise_serial(typed: str) -> str:
    """The printed form of a typed serial (spaces and hyphens forgiven), check digit checked."""
    digits = re.sub(r"[\s\-]", "", typed or "")
    if not digits:
        raise SerialError("Type the serial number printed at the top of the form")
    if not digits.isdigit():
        raise SerialError(
            f"'{typed.strip()}' is not a serial: it is the digits printed at the top of the form, "
            "like 000012-5"
        )
    if len(digits) < 7:
        raise SerialError(
            f"'{typed.strip()}' is too short: a serial has at least seven digits, like 000012-5"
        )
    if not damm.is_valid(digits):
        raise SerialError(
            f"'{typed.strip()}' is not a printed serial: its last digit does not match the rest, "
            "so a digit was probably mistyped. Check the number on the form"
        )
    return f"{digits[:-1]}-{digits[-1]}"


def qr_payload(serial: str, key: str, version: int) -> str:
    """What the QR code on a printed form encodes: the serial and the version it carries."""
    return f"SURVEYAPP|{serial}|{key}|v{version}"
