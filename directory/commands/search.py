"""``flask search reindex|sync|check``."""

import click

group = click.Group("search", help="The search index.")
