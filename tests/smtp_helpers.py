"""A real local SMTP server (aiosmtpd) for tests that check the email a person receives.

Use the ``mail_server`` fixture of ``tests/conftest.py``; it points MAIL_SERVER and MAIL_PORT at
the server and SITE_URL at ``https://needlewise.example``, so links can be checked exactly."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

SITE_URL = "https://needlewise.example"


class Mailbox:
    """An aiosmtpd handler that keeps every message it receives, in order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages addressed to ``address``."""
        return [m for m in self.messages if m["To"] == address]

    def link(self, address: str, path_prefix: str) -> str:
        """The site-relative path of the last link to ``path_prefix`` emailed to ``address``;
        fails when there is none or when it does not start with SITE_URL."""
        for message in reversed(self.to(address)):
            found = re.search(rf"https?://\S+?{re.escape(path_prefix)}\S*", message.get_content())
            if found:
                link = found.group(0)
                assert link.startswith(SITE_URL + path_prefix), link
                return link.removeprefix(SITE_URL)
        raise AssertionError(f"no {path_prefix} link was emailed to {address}")


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
