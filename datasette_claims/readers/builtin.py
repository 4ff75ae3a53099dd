"""The built-in readers, registered through the same hook a third-party package uses."""
from ..hookspecs import hookimpl
from ..model import Reader
from . import csv_table, feed, html, json_lines, text, url


@hookimpl
def register_readers():
    return [
        # URLs first: "https://example.org/feed.xml" is fetched, not read as a file.
        Reader(name="url", accepts=url.accepts, read=url.read, order=10),
        Reader(name="text", accepts=text.accepts, read=text.read),
        Reader(name="json", accepts=json_lines.accepts, read=json_lines.read),
        Reader(name="html", accepts=html.accepts, read=html.read),
        Reader(name="feed", accepts=feed.accepts, read=feed.read),
        Reader(name="csv", accepts=csv_table.accepts, read=csv_table.read),
    ]
