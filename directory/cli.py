"""Registers the flask commands of CONTRACT section 1; each group lives in directory/commands/."""

from __future__ import annotations

import importlib

from flask import Flask

COMMAND_MODULES = ("users", "demo", "imports", "search", "credentials", "mail")


def register(app: Flask) -> None:
    """Add every command group to ``app.cli``."""
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"directory.commands.{name}")
        app.cli.add_command(module.group)
