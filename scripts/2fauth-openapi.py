#!/usr/bin/env python3
"""Write 2FAuth's own OpenAPI document, as schemathesis should test otty with it.

Reads `tests/data/2fauth-api/2fauth-openapi.yaml` (2FAuth's document, unchanged; see
tests/data/SOURCES.md), keeps the single-user operations (otty has one user: no `/users`,
sharing or ownership transfer), applies the amendments below and writes JSON to the path given
(default: stdout). `scripts/schemathesis.sh --2fauth` runs it.

Each amendment is a place where 2FAuth's document says one thing and 2FAuth's server does
another; otty answers as the server does, because that is what 2FAuth's clients were written
against. docs/COMPATIBILITY.md lists them with the reasons. Nothing here loosens a check to
hide a difference of otty's own: those are fixed in otty.

Needs PyYAML (schemathesis depends on it, so its virtual environment has it).
Usage: scripts/2fauth-openapi.py [OUT.json] [--list]
"""
import json
import pathlib
import sys

import yaml

SPEC = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "2fauth-api" / "2fauth-openapi.yaml"

# Operations for several users, which otty does not have.
MULTI_USER = ("/api/v1/users", "/owner", "/recipients", "/shares")
METHODS = ("get", "post", "put", "patch", "delete")


def schema(doc, name):
    return doc["components"]["schemas"][name]


def op(doc, path, method):
    return doc["paths"][path][method]


def otp_is_an_object(doc):
    """An account read with `withOtp` carries `otp` as one object {password, generated_at,
    next_password}, not an array of Otp objects."""
    read = schema(doc, "2FAccountRead")["allOf"][2]["properties"]
    read["otp"] = {
        "type": "object",
        "required": ["password", "generated_at"],
        "properties": {
            "password": {"type": "string"},
            "generated_at": {"type": "integer"},
            "next_password": {"type": "string"},
        },
    }


def steam_accounts(doc):
    """Accounts and codes may be `steamtotp`, whose codes have 5 characters."""
    schema(doc, "2FAccountStore")["properties"]["otp_type"]["enum"].append("steamtotp")
    otp = schema(doc, "Otp")["properties"]
    otp["otp_type"]["enum"].append("steamtotp")
    otp["password"]["minLength"] = 5
    otp["next_password"]["minLength"] = 5


def more_features(doc):
    """`GET /features` also names `allUsersSharingScope` and `groupChips`."""
    schema(doc, "Feature")["properties"]["name"]["enum"] += ["allUsersSharingScope", "groupChips"]


def user_name_is_deprecated(doc):
    """`GET /user/name` (deprecated) answers `{"deprecation": true}`."""
    content = op(doc, "/api/v1/user/name", "get")["responses"]["200"]["content"]["application/json"]
    content["schema"] = {
        "type": "object",
        "required": ["deprecation"],
        "properties": {"deprecation": {"type": "boolean"}},
    }
    content.pop("examples", None)


def fractional_preferences(doc):
    """A preference value may be a fraction: `formatPasswordBy` defaults to 0.5."""
    schema(doc, "UserPreference")["properties"]["value"]["type"].append("number")


def preference_update_is_201(doc):
    """`PUT /user/preferences/{name}` answers 201 `{key, value}` (no `locked`), not 200."""
    responses = op(doc, "/api/v1/user/preferences/{name}", "put")["responses"]
    body = responses.pop("200")
    value = schema(doc, "UserPreference")["properties"]["value"]
    body["description"] = "Created"
    body["content"]["application/json"]["schema"] = {
        "type": "object",
        "required": ["key", "value"],
        "properties": {"key": {"type": "string"}, "value": value},
    }
    body["content"]["application/json"].pop("examples", None)
    responses["201"] = body


def unreadable_migration_is_400(doc):
    """`POST /twofaccounts/migration` answers 400 `{message}` for data it cannot read (not
    recognised, damaged, encrypted); 422 stays for a missing `payload`/`file`."""
    op(doc, "/api/v1/twofaccounts/migration", "post")["responses"]["400"] = {
        "description": "Unreadable, unrecognised or encrypted data",
        "content": {"application/json": {"schema": {
            "type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}}},
    }


def every_token_route_may_be_401(doc):
    """Every operation behind the bearer token answers 401 without a valid one; the document
    leaves it out on a few."""
    unauthorized = {"$ref": "#/components/responses/Unauthorized"}
    for item in doc["paths"].values():
        for method in METHODS:
            o = item.get(method)
            if o is not None and o.get("security", doc.get("security")) and "401" not in o["responses"]:
                o["responses"]["401"] = unauthorized


def account_list_checks_ids(doc):
    """`GET /twofaccounts` answers 422 for an `ids` filter that is not a comma-separated list
    of numbers (an empty one included), as the other `ids` routes do."""
    op(doc, "/api/v1/twofaccounts", "get")["responses"]["422"] = {"$ref": "#/components/responses/ValidationError"}


def setting_names_are_letters(doc):
    """`PUT /settings/{name}` answers 404 for a name that is not letters only: the route
    matches `[a-zA-Z]+` alone, as for GET and DELETE."""
    op(doc, "/api/v1/settings/{name}", "put")["responses"]["404"] = {"$ref": "#/components/responses/NotFound"}


AMENDMENTS = [
    otp_is_an_object,
    steam_accounts,
    more_features,
    user_name_is_deprecated,
    fractional_preferences,
    preference_update_is_201,
    unreadable_migration_is_400,
    every_token_route_may_be_401,
    account_list_checks_ids,
    setting_names_are_letters,
]


def main(argv):
    if "--list" in argv:
        for a in AMENDMENTS:
            print(f"- {a.__name__}: {' '.join(a.__doc__.split())}")
        return
    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    for path in [p for p in doc["paths"] if any(m in p for m in MULTI_USER)]:
        del doc["paths"][path]
    for amend in AMENDMENTS:
        amend(doc)
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    out = [a for a in argv if not a.startswith("--")]
    if out:
        pathlib.Path(out[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
