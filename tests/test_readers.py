import json
import os
from pathlib import Path

import pytest

from datasette_claims.model import Article, ReadError
from datasette_claims.readers import iter_files, read_file
from datasette_claims.readers.common import NO_DATE, read_text_file

from .conftest import SEED

HEADER_ARTICLE = """\
url: https://www.harbour-news.example/2022/03/ferry
outlet: Harbour News
published: 2022-03-14
title: Ferry service resumes after storm
note: written for the reader tests
author: A. Tester

GDANSK, Mar 14 (Harbour News) - The ferry to the island sailed again on Monday.
About 40 passengers were on board.
"""


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def read_all(path):
    return list(read_file(path))


def read_one(path):
    [result] = read_all(path)
    return result


def error_text(path):
    result = read_one(path)
    assert isinstance(result, ReadError)
    return str(result)


# Seed form


def test_seed_file_date_outlet_and_dateline():
    article = read_one(str(SEED))
    assert isinstance(article, Article)
    assert article.published == "2021-11-23"
    assert article.outlet == "TASS"
    assert article.dateline_place == "Minsk"
    assert article.body.startswith("MINSK, November 23. /TASS/. Chairman")
    assert article.origin == os.path.normpath(str(SEED))


def test_seed_form_body_on_following_lines_keeps_inner_text(tmp_path):
    path = write(tmp_path, "a.txt", "\n  date 2022-01-05\n\nFirst line.\n\n  Second  line.\n\n")
    article = read_one(path)
    assert article.published == "2022-01-05"
    assert article.body == "First line.\n\n  Second  line."


def test_seed_form_without_dateline_has_no_outlet(tmp_path):
    article = read_one(write(tmp_path, "plain.txt", "date 2022-01-05 A quiet day in town."))
    assert (article.outlet, article.dateline_place, article.url) == (None, None, None)


def test_file_without_extension_is_read_as_text(tmp_path):
    article = read_one(write(tmp_path, "noext", "date 2022-01-05 Body text."))
    assert article.body == "Body text."


# Header form


def test_header_form_fields(tmp_path):
    path = write(tmp_path, "ferry.txt", HEADER_ARTICLE)
    article = read_one(path)
    assert article.url == "https://www.harbour-news.example/2022/03/ferry"
    assert article.outlet == "Harbour News"
    assert article.published == "2022-03-14"
    assert article.title == "Ferry service resumes after storm"
    assert article.dateline_place == "Gdansk"
    assert article.origin == path
    assert article.extra == {"note": "written for the reader tests", "author": "A. Tester"}
    assert article.body == (
        "GDANSK, Mar 14 (Harbour News) - The ferry to the island sailed again on Monday.\n"
        "About 40 passengers were on board."
    )


def test_header_outlet_wins_over_dateline_but_place_is_kept(tmp_path):
    path = write(
        tmp_path, "a.txt",
        "outlet: Evening Courier\npublished: 2022-03-14\n\nSOPOT, March 14. /Coast Agency/. Text.",
    )
    article = read_one(path)
    assert (article.outlet, article.dateline_place) == ("Evening Courier", "Sopot")


def test_header_published_datetime_gives_its_date(tmp_path):
    path = write(tmp_path, "a.txt", "published: 2022-03-14T23:30:00+01:00\n\nBody.")
    assert read_one(path).published == "2022-03-14"


def test_header_keys_only_before_first_blank_line(tmp_path):
    path = write(tmp_path, "a.txt", "published: 2022-03-14\n\ntitle: not a header\nMore body.")
    article = read_one(path)
    assert article.title is None
    assert article.body == "title: not a header\nMore body."


# Outlet fallbacks


def test_reuters_style_dateline(tmp_path):
    path = write(tmp_path, "a.txt", "date 2022-02-01 VILNIUS, Feb 1 (Reuters) - Snow fell.")
    article = read_one(path)
    assert (article.outlet, article.dateline_place) == ("Reuters", "Vilnius")


def test_outlet_falls_back_to_url_host_without_www(tmp_path):
    path = write(tmp_path, "a.txt", "url: https://www.example.org/x\npublished: 2022-02-01\n\nSnow fell.")
    assert read_one(path).outlet == "example.org"


def test_outlet_unknown_without_header_dateline_or_url(tmp_path):
    path = write(tmp_path, "a.txt", "published: 2022-02-01\n\nSnow fell.")
    assert read_one(path).outlet is None


# JSON and JSON lines


def test_json_object(tmp_path):
    record = {
        "url": "https://news.example.net/a", "published": "2022-04-02", "title": "T",
        "body": "  Rain expected.  ", "section": "weather",
    }
    path = write(tmp_path, "one.json", json.dumps(record))
    article = read_one(path)
    assert article == Article(
        body="Rain expected.", published="2022-04-02", origin=path,
        url="https://news.example.net/a", outlet="news.example.net", title="T",
        extra={"section": "weather"},
    )


def test_json_list_origins_carry_index(tmp_path):
    records = [
        {"published": "2022-04-02", "outlet": "One", "body": "First."},
        {"published": "2022-04-03", "outlet": "Two", "body": "Second."},
    ]
    path = write(tmp_path, "many.json", json.dumps(records))
    articles = read_all(path)
    assert [(a.origin, a.outlet, a.body) for a in articles] == [
        (f"{path}[0]", "One", "First."),
        (f"{path}[1]", "Two", "Second."),
    ]


def test_json_text_field_is_the_body(tmp_path):
    path = write(tmp_path, "one.json", '{"published": "2022-04-02", "text": "From text."}')
    assert read_one(path).body == "From text."


def test_jsonl_bad_line_does_not_stop_the_others(tmp_path):
    lines = [
        '{"published": "2022-05-01", "body": "Line one."}',
        "",
        '{"published": "2022-05-02", "body": ',
        '{"published": "2022-05-03", "body": "Line four."}',
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    first, error, last = read_all(path)
    assert (first.origin, first.body) == (f"{path}:1", "Line one.")
    assert (last.origin, last.body) == (f"{path}:4", "Line four.")
    assert isinstance(error, ReadError)
    assert error.line == 3
    assert str(error) == f"{path}:3: malformed JSON: Expecting value (column 37)"


def test_ndjson_is_read_as_json_lines(tmp_path):
    path = write(tmp_path, "feed.ndjson", '{"published": "2022-05-01", "body": "Only."}\n')
    assert read_one(path).origin == f"{path}:1"


# Errors


def test_error_not_utf8(tmp_path):
    path = write(tmp_path, "a.txt", b"date 2022-01-05 caf\xe9")
    # Three bytes' worth of evidence: several code pages read them as different letters.
    message = error_text(path)
    assert message.startswith(f"{path}: not UTF-8 (invalid byte 0xe9 at offset 19) and no other "
                              "encoding is certain; it could be ")


def test_error_no_publication_date(tmp_path):
    path = write(tmp_path, "a.txt", "Just a body with no date.")
    assert error_text(path) == f"{path}: {NO_DATE}"
    assert NO_DATE == "no publication date (expected a 'date YYYY-MM-DD' line or a 'published:' header)"


def test_error_header_without_published(tmp_path):
    path = write(tmp_path, "a.txt", "title: Undated\n\nBody.")
    assert error_text(path) == f"{path}: {NO_DATE}"


def test_error_invalid_publication_date(tmp_path):
    path = write(tmp_path, "a.txt", "published: 2022-02-30\n\nBody.")
    assert error_text(path) == f"{path}: invalid publication date '2022-02-30' (expected YYYY-MM-DD)"


def test_error_invalid_seed_date(tmp_path):
    path = write(tmp_path, "a.txt", "date 14/03/2022 Body.")
    assert error_text(path) == f"{path}: invalid publication date '14/03/2022' (expected YYYY-MM-DD)"


def test_error_empty_body(tmp_path):
    path = write(tmp_path, "a.txt", "date 2022-01-05   \n\n")
    assert error_text(path) == f"{path}: empty body"


def test_error_malformed_json_file(tmp_path):
    path = write(tmp_path, "a.json", '{"published": "2022-01-05",\n}')
    assert error_text(path) == f"{path}:2: malformed JSON: Expecting property name enclosed in double quotes (column 1)"


def test_error_json_neither_object_nor_list(tmp_path):
    path = write(tmp_path, "a.json", '"just a string"')
    assert error_text(path) == f"{path}: expected a JSON object or a list of objects"


def test_error_json_list_element_not_an_object(tmp_path):
    path = write(tmp_path, "a.json", '[{"published": "2022-01-05", "body": "Fine."}, 7]')
    article, error = read_all(path)
    assert article.body == "Fine."
    assert str(error) == f"{path}[1]: expected a JSON object or a list of objects"


def test_error_json_without_body(tmp_path):
    path = write(tmp_path, "a.json", '{"published": "2022-01-05", "title": "No body"}')
    assert error_text(path) == f"{path}: no body (expected a 'body' or 'text' field)"


def test_error_jsonl_names_the_line(tmp_path):
    path = write(tmp_path, "a.jsonl", '{"published": "2022-01-05", "body": "ok"}\n{"body": "undated"}\n')
    assert str(read_all(path)[1]) == f"{path}:2: {NO_DATE}"


def test_error_unsupported_file_type(tmp_path):
    path = write(tmp_path, "a.xyz", "date 2022-01-05 Body.")
    assert error_text(path) == f"{path}: unsupported file type (.xyz)"


def test_error_missing_file(tmp_path):
    path = str(tmp_path / "gone.txt")
    assert error_text(path) == f"{path}: cannot read file (No such file or directory)"


# Decoding


def test_bom_is_stripped(tmp_path):
    path = write(tmp_path, "a.txt", "\ufeffdate 2022-01-05 Body.".encode("utf-8"))
    assert read_text_file(path) == "date 2022-01-05 Body."
    assert read_one(path).published == "2022-01-05"


def test_bom_in_json_file(tmp_path):
    path = write(tmp_path, "a.json", b'\xef\xbb\xbf{"published": "2022-01-05", "body": "B."}')
    assert read_one(path).body == "B."


# File discovery


def test_iter_files_expands_directories_recursively_sorted_skipping_hidden(tmp_path):
    for name in ["b.txt", "a.json", "sub/c.jsonl", "sub/deeper/d", ".hidden.txt", ".git/e.txt", "notes.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    root = str(tmp_path)
    assert iter_files([root]) == [
        os.path.join(root, "a.json"),
        os.path.join(root, "b.txt"),
        os.path.join(root, "sub", "c.jsonl"),
        os.path.join(root, "sub", "deeper", "d"),
    ]


def test_iter_files_skips_gold_annotations_in_directories(tmp_path):
    for name in ["story.txt", "story.gold.json", "feed.json"]:
        (tmp_path / name).write_text("x")
    assert iter_files([str(tmp_path)]) == [str(tmp_path / "feed.json"), str(tmp_path / "story.txt")]


def test_iter_files_keeps_named_files_as_given(tmp_path):
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "x.txt").write_text("x")
    named = [str(tmp_path / "notes.md"), str(tmp_path / "dir")]
    assert iter_files(named) == [str(tmp_path / "notes.md"), str(tmp_path / "dir" / "x.txt")]


def test_origin_is_normalized(tmp_path):
    write(tmp_path, "a.txt", "date 2022-01-05 Body.")
    assert read_one(f"{tmp_path}/./sub/../a.txt").origin == str(tmp_path / "a.txt")
