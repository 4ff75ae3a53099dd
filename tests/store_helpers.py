"""Tests that write articles straight with write_article, without the comparison pass."""
from datasette_claims.model import stable_id


def one_incident_per_claim(db) -> None:
    """What the comparison pass gives articles that share no incident: each incident
    claim an incident of its own, labelled with its action."""
    rows = db.execute("select id, date_value, place, coalesce(action, text) from claims "
                      "where kind = 'incident' and incident_id is null").fetchall()
    for claim_id, date_value, place, label in rows:
        incident_id = stable_id("incident", claim_id)
        db.execute("insert or replace into incidents (id, date_value, place, label) values (?, ?, ?, ?)",
                   [incident_id, date_value, place, label])
        db.execute("update claims set incident_id = ? where id = ?", [incident_id, claim_id])
