"""Saved web pages, RSS and Atom feeds, and CSV tables, read into Articles."""
from datasette_claims.model import Article, ReadError
from datasette_claims.readers import iter_files, options, read_file

from .test_readers import error_text, read_all, read_one, write

# A saved article page with everything around the article a news site has.
PAGE = """\
<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Storm closes port for two days | Coast Daily</title>
<link rel="canonical" href="https://www.coast-daily.example/2022/03/01/storm-closes-port">
<meta property="og:site_name" content="Coast Daily">
<meta property="article:published_time" content="2022-03-01T08:15:00+01:00">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="ad">Boats at half price this weekend only.</div>
<main><article>
<h1>Storm closes port for two days</h1>
<p>The port of Gdynia was closed on Monday after winds of 120 km/h tore through the harbour, the port authority said.</p>
<p>About 300 dockers were sent home and at least 12 ships waited at anchor, according to the harbour master.</p>
<div class="advert">Sign up for our morning newsletter and never miss a story.</div>
<p>The port is expected to reopen on Wednesday.</p>
</article></main>
<section id="comments"><h2>Comments</h2>
<div class="comment"><p>Terrible news, I hope the sailors are all safe and sound.</p></div></section>
<footer><p>Copyright Coast Daily. All rights reserved.</p></footer>
</body></html>
"""


# Saved web pages


def test_page_main_text_and_metadata(tmp_path):
    path = write(tmp_path, "storm.html", PAGE)
    article = read_one(path)
    assert article == Article(
        body=(
            "The port of Gdynia was closed on Monday after winds of 120 km/h tore through the harbour, "
            "the port authority said.\n\n"
            "About 300 dockers were sent home and at least 12 ships waited at anchor, according to the "
            "harbour master.\n\n"
            "The port is expected to reopen on Wednesday."
        ),
        published="2022-03-01", origin=path,
        url="https://www.coast-daily.example/2022/03/01/storm-closes-port",
        outlet="Coast Daily", title="Storm closes port for two days",
    )


def test_page_leaves_out_navigation_comments_and_ads(tmp_path):
    body = read_one(write(tmp_path, "storm.html", PAGE)).body
    for boilerplate in ("Home", "Sport", "half price", "newsletter", "sailors", "Copyright"):
        assert boilerplate not in body


def test_page_without_canonical_url_has_none_and_outlet_from_site_name(tmp_path):
    page = PAGE.replace('<link rel="canonical" href="https://www.coast-daily.example/2022/03/01/storm-closes-port">', "")
    article = read_one(write(tmp_path, "storm.htm", page))
    assert (article.url, article.outlet) == (None, "Coast Daily")


def test_page_in_a_declared_legacy_encoding(tmp_path):
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').replace("Gdynia", "Gdyñia")
    article = read_one(write(tmp_path, "storm.html", page.encode("iso-8859-1")))
    assert "The port of Gdyñia was closed" in article.body


def test_page_without_article_text_is_an_error(tmp_path):
    page = ('<html><head><title>Coast Daily</title></head><body><nav><a href="/">Home</a> '
            '<a href="/world">World</a></nav><footer>Contact us</footer></body></html>')
    path = write(tmp_path, "index.html", page)
    assert error_text(path) == f"{path}: no article text in the page"


UNDATED_URL = "https://www.coast-daily.example/storm-closes-port"


def test_page_date_from_its_url(tmp_path):
    page = PAGE.replace('<meta property="article:published_time" content="2022-03-01T08:15:00+01:00">', "")
    assert read_one(write(tmp_path, "storm.html", page)).published == "2022-03-01"


def test_page_without_a_date_is_an_error(tmp_path):
    # A date in the text is not the publication date: it is not guessed from there.
    page = PAGE.replace('<meta property="article:published_time" content="2022-03-01T08:15:00+01:00">', "")
    page = page.replace("on Monday", "on 28 February 2022")
    page = page.replace("https://www.coast-daily.example/2022/03/01/storm-closes-port", UNDATED_URL)
    path = write(tmp_path, "storm.html", page)
    assert error_text(path) == f"{path}: no publication date in the page (none in its metadata or its URL)"


def test_page_date_in_the_future_is_an_error(tmp_path):
    page = PAGE.replace("2022-03-01T08:15", "2099-01-01T08:15")
    path = write(tmp_path, "storm.html", page.replace("https://www.coast-daily.example/2022/03/01/storm-closes-port", UNDATED_URL))
    assert error_text(path) == f"{path}: publication date 2099-01-01 is in the future"


# Feeds

RSS = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Valley Herald</title><link>https://valley-herald.example/</link><description>Local news</description>
<item>
  <title>Dam holds as river peaks</title>
  <link>https://valley-herald.example/2023/04/dam-holds</link>
  <pubDate>Tue, 18 Apr 2023 00:30:00 +0200</pubDate>
  <author>desk@valley-herald.example (News desk)</author>
  <description>The dam held overnight.</description>
  <content:encoded><![CDATA[<p>The river peaked on Monday night and the dam held, the mayor said.</p>
<p>About 1,200 people spent the night in shelters, according to the Red Cross.</p><script>track()</script>]]></content:encoded>
</item>
<item>
  <title>Roads closed</title>
  <link>https://valley-herald.example/2023/04/roads</link>
  <pubDate>Mon, 17 Apr 2023 10:00:00 GMT</pubDate>
  <description>&lt;p&gt;Three roads were closed on Monday, police said.&lt;/p&gt;</description>
</item>
</channel></rss>
"""

ATOM = """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Coast Wire</title><id>urn:coast-wire</id><updated>2023-04-18T10:00:00Z</updated>
<entry>
  <title type="html">Ferry &lt;em&gt;sails&lt;/em&gt; again</title>
  <link href="https://coast-wire.example/ferry"/><id>urn:coast-wire:ferry</id>
  <published>2023-04-17T23:30:00-05:00</published><updated>2023-04-18T10:00:00Z</updated>
  <summary>Teaser.</summary>
  <content type="html">&lt;p&gt;The ferry sailed again on Monday with 40 passengers on board.&lt;/p&gt;</content>
</entry>
</feed>
"""


def test_rss_entries_are_articles_with_their_full_content(tmp_path):
    path = write(tmp_path, "herald.rss", RSS)
    dam, roads = read_all(path)
    assert dam == Article(
        body=("The river peaked on Monday night and the dam held, the mayor said.\n\n"
              "About 1,200 people spent the night in shelters, according to the Red Cross."),
        published="2023-04-18",  # the date where it was filed, not in UTC (the 17th)
        origin=f"{path}[0]", url="https://valley-herald.example/2023/04/dam-holds",
        outlet="Valley Herald", title="Dam holds as river peaks",
        extra={"author": "desk@valley-herald.example (News desk)"},
    )
    # no full content: the description is the body, its markup taken off
    assert (roads.body, roads.published, roads.origin) == (
        "Three roads were closed on Monday, police said.", "2023-04-17", f"{path}[1]")


def test_atom_entry(tmp_path):
    path = write(tmp_path, "wire.atom", ATOM)
    article = read_one(path)
    assert (article.body, article.published, article.title, article.outlet, article.url) == (
        "The ferry sailed again on Monday with 40 passengers on board.", "2023-04-17",
        "Ferry sails again", "Coast Wire", "https://coast-wire.example/ferry")


def test_feed_with_broken_entries_reports_each_and_reads_the_rest(tmp_path):
    broken = RSS.replace("</channel>", """
<item><title>Undated</title><link>https://valley-herald.example/u</link><description>No date, police said.</description></item>
<item><title>Later</title><link>https://valley-herald.example/l</link><pubDate>Fri, 01 Jan 2100 10:00:00 GMT</pubDate><description>Soon.</description></item>
<item><title>Blank</title><link>https://valley-herald.example/b</link><pubDate>Mon, 17 Apr 2023 10:00:00 GMT</pubDate><description>  </description></item>
<item><title>Garbled</title><link>https://valley-herald.example/g</link><pubDate>sometime soon</pubDate><description>Text.</description></item>
</channel>""")
    path = write(tmp_path, "herald.xml", broken)
    results = read_all(path)
    assert [type(r).__name__ for r in results[:2]] == ["Article", "Article"]
    assert [str(r) for r in results[2:]] == [
        f"{path}[2]: no publication date (the entry has no pubDate, published or updated)",
        f"{path}[3]: publication date 2100-01-01 is in the future",
        f"{path}[4]: no text (the entry has no content, description or summary)",
        f"{path}[5]: invalid publication date 'sometime soon' (expected YYYY-MM-DD)",
    ]


def test_file_that_is_not_a_feed(tmp_path):
    path = write(tmp_path, "sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    assert error_text(path) == f"{path}: not an RSS or Atom feed"


def test_truncated_feed_is_reported(tmp_path):
    path = write(tmp_path, "cut.rss", '<?xml version="1.0"?><rss version="2.0"><chan')
    assert error_text(path).startswith(f"{path}: not a readable feed (")


# CSV

CSV = """\
heading,when,copy,desk
Storm hits coast,2023-04-16,"Winds of 100 km/h hit the coast on Sunday, the weather service said.",weather
No story,2023-04-16,,weather
Bad date,16/04/2023,Text.,news
"Two boats sink",2023-04-15,"Two boats sank on Saturday.
Nobody was hurt, police said.",news
Last,2023-04-14,The last row loads.,news
"""


def read_mapped(path, **column_map):
    with options.using(options.ReadOptions(column_map=column_map)):
        return read_all(path)


def test_csv_with_named_columns(tmp_path):
    path = write(tmp_path, "news.csv", "url,outlet,published,title,text,desk\n"
                 "https://a.example/1,Alpha,2023-04-16,Storm,Winds hit the coast.,weather\n")
    assert read_one(path) == Article(
        body="Winds hit the coast.", published="2023-04-16", origin=f"{path}:2",
        url="https://a.example/1", outlet="Alpha", title="Storm", extra={"desk": "weather"})


def test_csv_mapped_columns_and_row_errors_with_their_lines(tmp_path):
    path = write(tmp_path, "export.csv", CSV)
    storm, no_story, bad_date, boats, last = read_mapped(path, body="copy", published="when", title="heading")
    assert (storm.title, storm.published, storm.extra, storm.origin) == (
        "Storm hits coast", "2023-04-16", {"desk": "weather"}, f"{path}:2")
    assert str(no_story) == f"{path}:3: empty body"
    assert str(bad_date) == f"{path}:4: invalid publication date '16/04/2023' (expected YYYY-MM-DD)"
    # a row starts on line 5 and runs to line 6; the next one is line 7
    assert (boats.body, boats.origin) == ("Two boats sank on Saturday.\nNobody was hurt, police said.", f"{path}:5")
    assert last.origin == f"{path}:7"


def test_csv_missing_columns_name_what_there_is(tmp_path):
    path = write(tmp_path, "export.csv", CSV)
    assert error_text(path) == (
        f"{path}: missing columns 'published', 'body' (the header has heading, when, copy, desk; "
        "map with --map published=COLUMN,body=COLUMN)")


def test_csv_map_to_a_column_that_is_not_there(tmp_path):
    path = write(tmp_path, "export.csv", CSV)
    [error] = read_mapped(path, body="article", published="when")
    assert str(error) == f"{path}: --map body=article: no column 'article' (the header has heading, when, copy, desk)"


def test_csv_column_names_common_in_exports_need_no_map(tmp_path):
    path = write(tmp_path, "export.csv", "Link,Source,Publication Date,Headline,Content,Section\n"
                 "https://b.example/2,Bravo,2023-04-16,Storm,Winds hit the coast.,weather\n")
    assert read_one(path) == Article(
        body="Winds hit the coast.", published="2023-04-16", origin=f"{path}:2",
        url="https://b.example/2", outlet="Bravo", title="Storm", extra={"Section": "weather"})


def test_csv_map_wins_over_a_common_name(tmp_path):
    # "date" would be the publication date by its name, but --map says it is "filed"
    path = write(tmp_path, "export.csv", "date,filed,text\n2020-01-01,2023-04-16,Winds hit the coast.\n")
    [article] = read_mapped(path, published="filed")
    assert (article.published, article.extra) == ("2023-04-16", {"date": "2020-01-01"})


def test_csv_semicolons_and_tsv(tmp_path):
    semicolons = write(tmp_path, "eu.csv", "published;body\n2023-04-16;Zwei Boote sanken, sagte die Polizei.\n")
    tabs = write(tmp_path, "news.tsv", "published\tbody\n2023-04-16\tTwo boats, one comma, sank.\n")
    assert read_one(semicolons).body == "Zwei Boote sanken, sagte die Polizei."
    assert read_one(tabs).body == "Two boats, one comma, sank."


def test_csv_without_header(tmp_path):
    path = write(tmp_path, "empty.csv", "\n")
    assert error_text(path) == f"{path}: no header row (expected column names such as published, title, body)"


def test_csv_body_longer_than_the_csv_modules_default_field_limit(tmp_path):
    body = "The river rose again, officials said. " * 4000  # 150 KB
    path = write(tmp_path, "long.csv", f'published,body\n2023-04-16,"{body}"\n')
    assert read_one(path).body == body.strip()


# Discovery


def test_new_forms_found_in_directories_and_browser_page_folders_skipped(tmp_path):
    for name in ["a.html", "a_files/ad.html", "a_files/x.js", "b.rss", "c.csv", "d.atom", "e.xml", "f.htm", "other_files/g.html"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    names = [p[len(str(tmp_path)) + 1:] for p in iter_files([str(tmp_path)])]
    # other_files/ has no other.html beside it, so it is an ordinary folder
    assert names == ["a.html", "b.rss", "c.csv", "d.atom", "e.xml", "f.htm", "other_files/g.html"]


def test_urls_pass_through_unchanged():
    urls = ["https://news.example/a//b/../c", "HTTP://news.example/feed.xml"]
    assert iter_files(urls) == urls


def test_page_and_feed_saved_without_an_extension(tmp_path):
    page = read_one(write(tmp_path, "storm", PAGE))
    dam, roads = read_all(write(tmp_path, "herald", RSS))
    assert (page.title, dam.title, roads.title) == ("Storm closes port for two days", "Dam holds as river peaks", "Roads closed")
    assert read_one(write(tmp_path, "note", "date 2022-01-05 <b>Bold</b> text.")).body == "<b>Bold</b> text."


def test_page_in_a_language_without_spaces(tmp_path):
    article = ("<p>月曜日、強風のため港は閉鎖されたと港湾当局が発表した。</p>"
               "<p>約三百人の港湾労働者が帰宅し、少なくとも十二隻の船が沖合で待機した。</p>")
    page = PAGE[:PAGE.index("<main>")] + f"<main><article><h1>港が閉鎖</h1>{article}</article></main></body></html>"
    assert read_one(write(tmp_path, "port.html", page)).body == (
        "月曜日、強風のため港は閉鎖されたと港湾当局が発表した。\n\n約三百人の港湾労働者が帰宅し、少なくとも十二隻の船が沖合で待機した。")


def test_short_brief_keeps_the_menus_out(tmp_path):
    page = PAGE[:PAGE.index("<main>")] + ("<main><article><h1>Port shut</h1>"
                                          "<p>The port was closed on Monday, officials said.</p></article></main></body></html>")
    assert read_one(write(tmp_path, "brief.html", page)).body == "The port was closed on Monday, officials said."


def test_xml_declaration_alone_is_not_a_feed(tmp_path):
    path = write(tmp_path, "a.xml", "<?xml version='1.0'?>")
    assert error_text(path) == f"{path}: not an RSS or Atom feed"
