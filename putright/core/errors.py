"""The one error every rule raises when it refuses a change, in words the reader understands.

Services, the lifecycle and form handlers raise `RuleError`; views catch it and show its message on the field it
names (`field`), or at the top of the form. `TransitionError` is the same class under the name the case
lifecycle uses.
"""

from __future__ import annotations


class RuleError(Exception):
    """A change that is not allowed; the message says why, in words an officer (or a customer) understands."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


TransitionError = RuleError


class ConflictError(RuleError):
    """Someone else changed the record after this person opened it."""
