"""Which bytes become text: encodings told for certain are decoded, others refused;
binary and oversized files are refused with the reason."""
import re

import pytest

from datasette_claims.readers import options
from datasette_claims.readers.common import check_published
from datasette_claims.readers.decoding import decode_text
from datasette_claims import plugins
from datasette_claims.hookspecs import hookimpl
from datasette_claims.model import Reader, ReadError

from .test_readers import error_text, read_one, write

RUSSIAN = ("date 2022-01-05 Пограничники сообщили, что около двух тысяч мигрантов собрались "
           "у пункта пропуска в среду.")
POLISH = ("date 2022-01-05 Straż Graniczna poinformowała w środę, że około dwóch tysięcy migrantów "
          "zgromadziło się przy przejściu granicznym w Kuźnicy.")


@pytest.mark.parametrize("text, encoding", [
    (RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r"), (POLISH, "cp1250"),
    ("date 2022-01-05 東京都は水曜日、約三百人が避難したと発表した。", "shift_jis"),
])
def test_other_encodings_told_for_certain_are_decoded(tmp_path, text, encoding):
    path = write(tmp_path, "a.txt", text.encode(encoding))
    assert read_one(path).body == text[len("date 2022-01-05 "):]


def test_windows_quotes_and_dashes_are_decoded(tmp_path):
    text = "date 2022-01-05 The mayor said \u201cwe are ready\u201d \u2014 and 40 people left."
    assert read_one(write(tmp_path, "a.txt", text.encode("cp1252"))).body.endswith("\u201cwe are ready\u201d \u2014 and 40 people left.")


def test_uncertain_encoding_is_refused_naming_candidates(tmp_path):
    # Polish in ISO 8859-2 reads as well in other ISO 8859 parts, with other letters.
    path = write(tmp_path, "a.txt", POLISH.encode("iso8859-2"))
    assert error_text(path).startswith(f"{path}: not UTF-8 (invalid byte 0xbf at offset 20) and no other "
                                       "encoding is certain; it could be iso8859_")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_byte_order_marks(tmp_path, encoding):
    path = write(tmp_path, "a.txt", RUSSIAN.encode(encoding))
    assert read_one(path).published == "2022-01-05"


def test_binary_file_is_refused(tmp_path):
    path = write(tmp_path, "photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    assert error_text(path) == f"{path}: binary file, not text (NUL byte at offset 4)"


def test_control_bytes_without_nul_are_binary(tmp_path):
    path = write(tmp_path, "a.json", bytes(range(1, 32)) * 10)
    assert error_text(path) == f"{path}: binary file, not text (260 control bytes in the first 310)"


def test_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as f:
        f.truncate(50 * options.MB)  # sparse: no 50 MB written, and none read
    assert error_text(str(path)) == f"{path}: file is 50 MB, over the 20 MB limit (raise it with --max-size)"


def test_size_limit_is_an_option(tmp_path):
    path = write(tmp_path, "a.txt", "date 2022-01-05 " + "Rain. " * 50_000)
    with options.using(options.ReadOptions(max_bytes=options.MB // 5)):
        assert error_text(path) == f"{path}: file is 0.3 MB, over the 0.2 MB limit (raise it with --max-size)"


def test_declared_charset_that_fits_wins_and_one_that_does_not_is_ignored():
    data = "Gdyñia".encode("latin-1")
    assert decode_text(data, "x", declared="iso-8859-1") == "Gdyñia"
    with pytest.raises(ReadError):
        decode_text(b"\xff\xfe\xfd" * 3, "x", declared="utf-8")


def test_publication_date_range():
    assert check_published("1900-01-01", "x") == "1900-01-01"
    with pytest.raises(ReadError, match="publication date 1899-12-31 is before 1900"):
        check_published("1899-12-31", "x")
    with pytest.raises(ReadError, match="publication date 2099-01-01 is in the future"):
        check_published("2099-01-01T00:00:00Z", "x")


@pytest.mark.parametrize("body", ["  \n\t ", "\u00a0\u3000", "\u200b\ufeff \u2060"])
def test_body_of_only_white_space_is_empty(tmp_path, body):
    path = write(tmp_path, "a.txt", f"date 2022-01-05 {body}")
    assert error_text(path) == f"{path}: empty body"


class ExplodingReader:
    """A third-party reader with a bug: it dies on every file it accepts."""

    @staticmethod
    def read(path):
        raise RecursionError("maximum recursion depth exceeded")
        yield

    @hookimpl
    def register_readers(self):
        return [Reader("exploding", lambda path: path.endswith(".boom"), self.read)]


def test_a_reader_crashing_is_reported_and_does_not_stop_the_load(tmp_path):
    plugins.pm.register(ExplodingReader(), name="exploding")
    try:
        path = write(tmp_path, "a.boom", "anything")
        assert error_text(path) == f"{path}: could not be read (RecursionError: maximum recursion depth exceeded)"
    finally:
        plugins.pm.unregister(name="exploding")


@pytest.mark.parametrize("written", ["2023-04-16", "2023-04-16T23:30:00-05:00", "2023-04-16 10:32:00",
                                     "16 April 2023", "16 Apr 2023", "April 16, 2023", "Apr. 16, 2023",
                                     "Sun, 16 Apr 2023 10:00:00 +0200"])
def test_unambiguous_date_forms(written):
    assert check_published(written, "x") == "2023-04-16"


@pytest.mark.parametrize("written", ["16/04/2023", "04/05/2023", "2023-02-30", "last Sunday", "16 Smarch 2023"])
def test_ambiguous_or_invalid_dates_are_refused(written):
    with pytest.raises(ReadError, match=re.escape(f"invalid publication date '{written}' (expected YYYY-MM-DD)")):
        check_published(written, "x")


def test_long_runs_of_white_space_inside_a_body_are_kept_and_quick(tmp_path):
    body = "Rain." + " " * 200_000 + "More rain."
    path = write(tmp_path, "a.txt", f"date 2022-01-05 \u200b{body}\n\n")
    assert read_one(path).body == body


@pytest.mark.parametrize("name", ["a.txt", "a.html", "a.rss", "a.csv", "a.json"])
def test_empty_file(tmp_path, name):
    path = write(tmp_path, name, b"")
    assert error_text(path) == f"{path}: empty file"
