"""Business rules; the only layer that commits."""


class ServiceError(Exception):
    """A rule refused the action.

    ``message`` is safe to show the user; ``field`` names the form field it concerns.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
