"""The service layer: the only code that opens transactions on the database session.

Views and CLI commands parse input, call one function here, and render what it returns.
"""


class ServiceError(Exception):
    """A request that cannot be carried out; the message says what to do about it."""


class NotFoundError(ServiceError):
    """The study, questionnaire or response asked for does not exist (or is not open)."""
