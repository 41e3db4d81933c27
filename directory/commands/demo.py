"""``flask demo load``."""

import click

group = click.Group("demo", help="Demo data.")
