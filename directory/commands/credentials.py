"""``flask credentials expire``."""

import click

group = click.Group("credentials", help="Licence housekeeping.")
