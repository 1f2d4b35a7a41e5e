"""Domain errors. Their message is Chinese and is shown to the user as it is."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused an action; ``message`` says why, in Chinese."""

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class IllegalTransition(DomainError):
    """A state change the state machine does not allow."""


class NotFound(DomainError):
    """Missing or not visible to the user: the two are never told apart."""

    def __init__(self, message: str = "未找到该记录，或您无权查看。"):
        super().__init__(message)


class PermissionDenied(DomainError):
    """The user's role may not do this."""

    def __init__(self, message: str = "您的角色无权进行此操作。"):
        super().__init__(message)


STALE_MESSAGE = "该记录已被他人修改，请刷新后重试"


class StaleVersion(DomainError):
    """An edit made on an older version of the record (someone saved in between)."""

    def __init__(self, message: str = STALE_MESSAGE):
        super().__init__(message)
