"""`python -m datasette_claims`: the `datasette-claims` command."""
from .cli import claims

claims(prog_name="datasette-claims")
