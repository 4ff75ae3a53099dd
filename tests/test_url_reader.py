"""Web pages and feeds at http(s) URLs, fetched from a server on 127.0.0.1 only."""
import socket
import time

import pytest

from datasette_claims.readers import options, read_file

from .test_page_feed_csv_readers import PAGE, RSS


def read_url(url, **read_options):
    with options.using(options.ReadOptions(**read_options)):
        return list(read_file(url))


def error_for(url, **read_options):
    [error] = read_url(url, **read_options)
    return str(error)


def test_page_at_a_url(local_site):
    url = local_site.add("/2022/storm", PAGE)
    [article] = read_url(url)
    assert (article.origin, article.url, article.outlet, article.published) == (
        url, "https://www.coast-daily.example/2022/03/01/storm-closes-port", "Coast Daily", "2022-03-01")
    assert article.body.startswith("The port of Gdynia was closed on Monday")


def test_page_without_canonical_url_is_known_by_the_url_it_came_from(local_site):
    page = PAGE.replace('<link rel="canonical" href="https://www.coast-daily.example/2022/03/01/storm-closes-port">', "")
    url = local_site.add("/2022/03/01/storm", page)
    [article] = read_url(url)
    assert article.url == url


def test_feed_at_a_url_by_content_type_or_by_its_first_tag(local_site):
    typed = local_site.add("/rss", RSS, content_type="application/rss+xml")
    untyped = local_site.add("/feed", RSS, content_type="application/octet-stream")
    for url in (typed, untyped):
        dam, roads = read_url(url)
        assert (dam.origin, roads.origin) == (f"{url}[0]", f"{url}[1]")
        assert dam.title == "Dam holds as river peaks"


def test_page_in_a_legacy_encoding_named_by_the_http_header(local_site):
    url = local_site.add("/storm", PAGE.replace("Gdynia", "Gdyñia").encode("latin-1"),
                         content_type="text/html; charset=ISO-8859-1")
    [article] = read_url(url)
    assert "The port of Gdyñia" in article.body


def test_redirects_are_followed(local_site):
    target = local_site.add("/new/storm", PAGE)
    url = local_site.add("/old/storm", "", status=301, headers={"Location": target})
    [article] = read_url(url)
    assert article.origin == url and article.title == "Storm closes port for two days"


@pytest.mark.parametrize("status, reason", [(404, "Not Found"), (410, "Gone"), (500, "Internal Server Error"),
                                            (503, "Service Unavailable")])
def test_http_errors(local_site, status, reason):
    url = local_site.add("/x", "oops", status=status)
    assert error_for(url) == f"{url}: HTTP {status} {reason}"


def test_redirect_loop(local_site):
    url = local_site.add("/loop", "", status=302, headers={"Location": "/loop"})
    assert error_for(url) == f"{url}: too many redirects (more than 5)"


def test_timeout(local_site):
    def slow(handler):
        time.sleep(1)
        return 200, {"Content-Type": "text/html"}, PAGE.encode()

    local_site.routes["/slow"] = slow
    url = local_site.url("/slow")
    assert error_for(url, timeout=0.2) == f"{url}: timed out (no answer within 0.2 s)"


def test_download_over_the_size_limit(local_site):
    url = local_site.add("/big", "x" * 300_000)
    assert error_for(url, max_bytes=options.MB // 5) == (
        f"{url}: response is 300000 bytes, over the 0.2 MB limit (raise it with --max-size)")


def test_connection_refused():
    with socket.socket() as probe:  # a port that was free a moment ago, and nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    assert error_for(url).startswith(f"{url}: could not connect (")


def test_unsupported_content_type(local_site):
    url = local_site.add("/report.pdf", b"%PDF-1.7", content_type="application/pdf")
    assert error_for(url) == f"{url}: unsupported content type (application/pdf; expected a web page or an RSS or Atom feed)"


def test_page_without_article_text_at_a_url(local_site):
    url = local_site.add("/", "<html><body><nav><a href='/a'>World</a></nav></body></html>")
    assert error_for(url) == f"{url}: no article text in the page"
