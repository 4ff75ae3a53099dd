from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "000_1499b85d5e9ca7ec.txt"


@pytest.fixture
def seed_path():
    return str(SEED)


class LocalSite:
    """A web server on 127.0.0.1 for URL tests; nothing leaves the machine.

    `routes` maps a path to (status, headers, body), or to a function of the request
    handler returning one (to sleep, or to redirect to itself)."""

    def __init__(self, server, routes):
        self.server, self.routes = server, routes

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def add(self, path: str, body, content_type="text/html; charset=utf-8", status=200, headers=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, {"Content-Type": content_type, **(headers or {})}, data)
        return self.url(path)


@pytest.fixture
def local_site():
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    routes = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            status, headers, body = route(self) if callable(route) else route
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up first: a timeout test

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # a short poll interval: shutdown() waits for the loop to notice it
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield LocalSite(server, routes)
    server.shutdown()
    server.server_close()
