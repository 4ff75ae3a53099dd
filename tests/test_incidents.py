"""Incidents: clause, date (own or carried over), place (most specific, or carried over)."""
from .extract_helpers import claims_of


def incidents(body, published="2022-05-06"):
    return [(c.text, c.date_value, c.place) for c in claims_of(body, "incident", published=published)]


def test_two_subjects_in_one_sentence_are_two_incidents():
    body = "On Monday, protesters threw bottles at the embassy in Vilnara, and police fired tear gas."
    assert incidents(body) == [
        ("protesters threw bottles at the embassy in Vilnara", "2022-05-02", "Vilnara"),
        ("police fired tear gas", "2022-05-02", "Vilnara"),
    ]


def test_one_subject_with_two_verbs_is_one_incident():
    body = "On 3 May, migrants broke through the fence and threw stones near the Bruzgi checkpoint."
    assert incidents(body) == [
        ("migrants broke through the fence and threw stones near the Bruzgi checkpoint", "2022-05-03", "Bruzgi"),
    ]


def test_date_and_place_carry_over_to_the_next_sentence():
    body = ("Guards detained 12 men near the village of Orasje on 2 May. "
            "In response, activists blocked the road.")
    assert incidents(body) == [
        ("Guards detained 12 men near the village of Orasje on 2 May", "2022-05-02", "Orasje"),
        ("activists blocked the road", "2022-05-02", "Orasje"),
    ]


def test_the_start_of_a_period_does_not_carry_over():
    body = ("Guards detained 12 men in Orasje on 2 May. Since the beginning of this year, "
            "3,000 migrants have crossed the river. Police used tear gas against a crowd in Tamsk. "
            "Since April 20, 40 people have died. Later, soldiers detained a driver.")
    assert incidents(body) == [
        ("Guards detained 12 men in Orasje on 2 May", "2022-05-02", "Orasje"),
        ("3,000 migrants have crossed the river", "2022-01", None),
        ("Police used tear gas against a crowd in Tamsk", "2022-05-02", "Tamsk"),
        ("40 people have died", "2022-04-20", None),
        ("soldiers detained a driver", "2022-05-02", None),
    ]


def test_a_place_does_not_carry_over_to_another_year():
    body = "Guards detained 12 men in Orasje on 2 May. In 2019, a flood killed 23 people."
    assert incidents(body)[1] == ("a flood killed 23 people", "2019", None)


def test_states_negations_and_habits_are_not_incidents():
    body = ("The border will not be crossed. Thousands are gathered at the camp. "
            "The road stays closed. Smugglers used to cross here.")
    assert incidents(body) == []


def test_reported_clause_starts_at_its_subject():
    body = "Zelensky said that 137 people, including ten officers, had been killed on Friday."
    assert incidents(body) == [
        ("137 people, including ten officers, had been killed on Friday", "2022-05-06", None),
    ]
