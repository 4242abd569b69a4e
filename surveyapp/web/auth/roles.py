"""Who may see what: sign-in required, then one of the roles a page is for."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

STAFF = ("staff", "admin")
#: Who keys paper forms: volunteers, and staff helping them.
KEYERS = ("volunteer", "staff", "admin")


def role_required(*roles: str) -> Callable:
    """Sign-in required, then one of ``roles``: others get 403, whatever they guess."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
