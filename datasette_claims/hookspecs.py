"""The hooks through which extractors and readers are registered, built-ins included.

Third-party packages implement them and list their module under the
`datasette_claims` entry-point group.
"""
import pluggy

hookspec = pluggy.HookspecMarker("datasette_claims")
hookimpl = pluggy.HookimplMarker("datasette_claims")


@hookspec
def register_extractors():
    """Return a list of datasette_claims.model.Extractor."""


@hookspec
def register_readers():
    """Return a list of datasette_claims.model.Reader."""
