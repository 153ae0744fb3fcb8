"""schemathesis hooks of scripts/api-check.

One hook, and it is narrow: a schema-valid request that the server refuses
with 400 (check positive_data_acceptance, ST202) is no failure when every
error the problem names is one of the rules below. These rules relate a
field to another field, to the path or to what the store holds, which
JSON Schema cannot state: the generator may well draw `a == b`, a body id
other than the path's, or a unit id that names no unit. Anything else
refused with 400 stays a failure, and so does every other check.

Each rule names the field it may concern and the message the server
gives (docs/contract.md §1-§3); the counts are written to the file named by
CONTACTGRAPH_API_CHECK_RULES so that scripts/api-check can print them.
"""

from __future__ import annotations

import json
import os
import re
import threading

import schemathesis

# (name, field pattern, message pattern): the whole field, the whole message.
RULES = [
    ("two different persons (a != b)", r"(relationships\[\d+\]\.)?b", r"an? (relationship|interaction) joins two different persons"),
    ("two different persons (from != to)", r"to", r"must differ from from"),
    ("the body's id is the path's", r"id", r'".*" differs from the id in the path, ".*"'),
    ("the body's ends are the path's", r"a|b", r'".*" is not an end of the relationship in the path \(.*\)'),
    ("a reference names a stored entity", r"((units|accounts|employees|customers|relationships)\[\d+\]\.)?(unit|parent|owner|account|a|b)",
     r'(unit|employee|account|person) ".*" does not exist'),
    ("a unit is not its own ancestor", r"(units\[\d+\]\.)?parent", r'unit ".*" is below ".*": the parent chain would form a cycle|.*its own parent.*'),
    ("a campaign selects stored entities", r"(accounts|segments|units)\[\d+\]",
     r'no (account|unit) has id ".*"|no account is in segment ".*"|no employee of unit ".*" \(or a unit below it\) owns an account'),
    ("ids are unique within a batch", r"(units|accounts|employees|customers)\[\d+\]\.id", r'".*" appears twice in the batch \(also .*\)'),
    ("an admin names who declines", r"employee", r"is required: name the sender who declines"),
    ("a decline names the employee's own recipients", r"recipients\[\d+\]", r'".*" is not a recipient that .* sends to in this campaign'),
    ("an import part is one of the five files", r".+", r'(no files uploaded|file ".*" is not an import file|file ".*" is not a readable zip).*'),
    ("an alias is not the person's email or another alias", r"((employees|customers)\[\d+\]\.)?aliases\[\d+\]",
     r'".*" is already the person\'s email or an alias'),
    ("an address names a stored person", r"a|b|with", r'no employee or customer has the email address ".*"'),
    ("an interaction of my own is with someone else", r"with", r"is the key's own employee: an interaction joins two different persons"),
    ("an import row follows the CSV rules", r"[a-z]+\.csv(:\d+)?(: .*)?", r".*"),
    ("consent names employees who turned capture on", r"consent", r'".*" is no employee\'s id or email|".*" has not turned capture on|no employee has turned capture on .*'),
    ("a signature has at most 12 lines, not only blanks", r"signature", r"has more than \d+ lines|is blank"),
    ("a letter's templates parse and name fields that exist", r"letter\.(subject|text|html)", r".+"),
    ("a campaign has a letter before a preview or delivery", r"letter", r"campaign .* has no letter yet.*"),
    ("an unsubscribe link carries a token this server signed", r"t", r"is not an unsubscribe token of this server"),
    ("a preview names a recipient of the campaign", r"recipient", r'".*" (is not a recipient of this campaign|gets no letter in this campaign.*)'),
    ("an introduction names a stored customer", r"customer", r'no customer ".*"'),
    ("an introduction goes through a colleague who knows the customer", r"via",
     r'is you: .*|no employee ".*": only employees introduce|".*" has left \(inactive\)'
     r'|".*" has not agreed to introduce colleagues \(broker consent\)|".*" does not know the customer ".*": .*'),
    ("a capture file is a mailbox or calendar", r".+", r'file ".*": .*'),
]
_COMPILED = [(name, re.compile(f), re.compile(m)) for name, f, m in RULES]

_lock = threading.Lock()
_counts: dict[str, int] = {}


def _rule_of(error: dict) -> str | None:
    field, message = str(error.get("field", "")), str(error.get("message", ""))
    for name, f, m in _COMPILED:
        if f.fullmatch(field) and m.fullmatch(message):
            return name
    return None


def _record(names: set[str]) -> None:
    path = os.environ.get("CONTACTGRAPH_API_CHECK_RULES")
    with _lock:
        for n in names:
            _counts[n] = _counts.get(n, 0) + 1
        if path:
            with open(path, "w") as f:
                json.dump(_counts, f, indent=1, sort_keys=True)


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    """Keep every failure but a 400 for rules JSON Schema cannot state."""
    if getattr(failure, "code", None) != "ST202" or response.status_code != 400:
        return True
    try:
        problem = json.loads(response.content)
    except (ValueError, TypeError):
        return True
    if not problem.get("type", "").endswith("/invalid"):
        return True
    errors = problem.get("errors") or []
    names = {_rule_of(e) for e in errors}
    if not errors or None in names:
        return True
    _record(names)
    return False
