"""The built-in readers, registered through the same hook a third-party package uses."""
from ..hookspecs import hookimpl
from ..model import Reader
from . import json_lines, text


@hookimpl
def register_readers():
    return [
        Reader(name="text", accepts=text.accepts, read=text.read),
        Reader(name="json", accepts=json_lines.accepts, read=json_lines.read),
    ]
