"""The seed article's claims, exactly: kind, text and normalized values."""
from datasette_claims.extract.pipeline import extract_claims
from datasette_claims.readers import read_file

from .conftest import SEED


def seed_claims():
    [article] = read_file(str(SEED))
    claims = extract_claims(article)
    return article, claims


def values(claims, kind, *columns):
    return [tuple([c.text] + [getattr(c, col) for col in columns]) for c in claims if c.kind == kind]


def test_offsets_point_at_the_claim_text():
    article, claims = seed_claims()
    assert claims
    for claim in claims:
        assert article.body[claim.start:claim.end] == claim.text


def test_seed_dates():
    _, claims = seed_claims()
    assert values(claims, "date", "date_value") == [
        ("November 23", "2021-11-23"),
        ("on Tuesday", "2021-11-23"),
        ("since the beginning of this year", "2021-01"),
        ("on November 8", "2021-11-08"),
        ("On November 16", "2021-11-16"),
    ]


def test_seed_counts():
    _, claims = seed_claims()
    assert values(claims, "count", "count_low", "count_high", "count_unit") == [
        ("Several thousand people", 3000, 9999, "people"),
        ("several groups of migrants", 3, 9, "group"),
    ]


def test_seed_incidents_inherit_date_and_place():
    _, claims = seed_claims()
    assert values(claims, "incident", "date_value", "place") == [
        ("Several thousand people approached the Polish border on the Belarusian side and tried "
         "to cross into Poland", "2021-11-08", "Polish border"),
        ("they broke a barbed wire fence", "2021-11-08", "Polish border"),
        ("several groups of migrants broke through the Belarusian fence and threw stones at "
         "Polish security forces", "2021-11-16", "Bruzgi"),
        ("Polish police used stun grenades and water cannons", "2021-11-16", "Bruzgi"),
    ]


def test_seed_statements():
    _, claims = seed_claims()
    speakers = [(c.text[:40], c.speaker, c.role) for c in claims if c.kind == "statement"]
    assert speakers == [
        ('"The sides considered the current situat', "the press service of the Committee", None),
        ("Anatoly Lappo noted that the State Borde", "Anatoly Lappo", None),
        ('"Following the meeting, the sides reache', "the message", None),
        ("EU member-states have blamed Minsk for t", "EU member-states", None),
        ("Belarusian President Alexander Lukashenk", "Alexander Lukashenko", "Belarusian President"),
    ]


def test_statement_content_is_what_was_said():
    _, claims = seed_claims()
    lappo = next(c for c in claims if c.speaker == "Anatoly Lappo")
    assert lappo.content == "the State Border Committee is open to dialogue with all interested sides"
