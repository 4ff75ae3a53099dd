"""The plugin manager: built-in extractors and readers, then any installed third parties."""
import pluggy

from . import hookspecs

pm = pluggy.PluginManager("datasette_claims")
pm.add_hookspecs(hookspecs)
pm.load_setuptools_entrypoints("datasette_claims")

# Built-ins register through the same hooks a third party uses.
from .extract import builtin as _builtin_extractors  # noqa: E402
from .readers import builtin as _builtin_readers  # noqa: E402

for _module in (_builtin_extractors, _builtin_readers):
    if not pm.is_registered(_module):
        pm.register(_module)


def extractors():
    found = [e for batch in pm.hook.register_extractors() for e in batch or []]
    return sorted(found, key=lambda e: (e.order, e.name))


def readers():
    found = [r for batch in pm.hook.register_readers() for r in batch or []]
    return sorted(found, key=lambda r: (r.order, r.name))
