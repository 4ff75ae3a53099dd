"""Statements: speaker (with role), what was said, and the span that says it."""
import pytest

from .extract_helpers import claims_of


@pytest.mark.parametrize("body, text, speaker, role", [
    ("Interior Minister Jan Kowal said that the border would stay closed.",
     "Interior Minister Jan Kowal said that the border would stay closed", "Jan Kowal", "Interior Minister"),
    ("The bridge was closed, the city council said on Friday.",
     "The bridge was closed, the city council said", "the city council", None),
    ("According to the Red Cross, 40 families lost their homes.",
     "According to the Red Cross, 40 families lost their homes", "the Red Cross", None),
    ("Forty families lost their homes, according to the Red Cross.",
     "Forty families lost their homes, according to the Red Cross", "the Red Cross", None),
    ("Turnout was high, according to the commission, despite the rain.",
     "Turnout was high, according to the commission, despite the rain", "the commission", None),
    ("Mayor Ana Kovac told Reuters the dam would hold.",
     "Mayor Ana Kovac told Reuters the dam would hold", "Ana Kovac", "Mayor"),
    ("The commission's chairman, Pavel Orlov, insisted the count was fair.",
     "The commission's chairman, Pavel Orlov, insisted the count was fair", "Pavel Orlov",
     "The commission's chairman"),
    ('"People are being sent back," said Ana Kovac, a field coordinator.',
     '"People are being sent back," said Ana Kovac', "Ana Kovac", None),
    ("Opposition leaders accused the commission of rigging the vote.",
     "Opposition leaders accused the commission of rigging the vote", "Opposition leaders", None),
    ("It was reported that 40 families had left the village.",
     "It was reported that 40 families had left the village", "Probe Post", None),
    ("The ministry's press service reported that two ferries sank.",
     "The ministry's press service reported that two ferries sank", "The ministry's press service", None),
])
def test_statement_forms(body, text, speaker, role):
    [statement] = claims_of(body, "statement")
    assert (statement.text, statement.speaker, statement.role) == (text, speaker, role)


def test_quotation_over_two_sentences_is_one_statement():
    body = '"We will not give up. The border will stay closed," Interior Minister Jan Kowal said on Thursday.'
    [statement] = claims_of(body, "statement")
    assert statement.text == ('"We will not give up. The border will stay closed," '
                              "Interior Minister Jan Kowal said")


def test_quotation_after_a_colon_runs_to_its_close():
    body = 'The mayor said: "The water is rising. We need boats now." Officials did not comment.'
    [statement] = claims_of(body, "statement")
    assert (statement.text, statement.speaker) == (
        'The mayor said: "The water is rising. We need boats now."', "The mayor")


def test_pronoun_speakers_resolve_to_the_last_named():
    body = ("Prime Minister Tomas Novak visited the dam. He said the army would help. "
            "The agency reported that roads were shut. It added that schools were closed.")
    speakers = [c.speaker for c in claims_of(body, "statement")]
    assert speakers == ["Tomas Novak", "The agency", "The agency"]


@pytest.mark.parametrize("body", [
    "The reported figures were lower.",
    "What he said was not recorded.",
    "They said nothing.",
])
def test_not_statements(body):
    assert claims_of(body, "statement") == []
