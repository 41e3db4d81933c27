"""``flask import practitioners``."""

import click

group = click.Group("import", help="Import data.")
