#!/usr/bin/env python3
"""Write assets/openapi.json: otty's own OpenAPI 3.1 description of its REST API.

The document is kept as this small program because most operations share parameters and
error responses. Edit here, run `python3 scripts/gen-openapi.py`, commit both files; the test
`tests/api/openapi.rs` checks the result against the router in both directions.
"""
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "assets" / "openapi.json"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def js(schema, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERR = {
    "400": js(ref("BadRequest"), "Bad request"),
    "401": js(ref("Message"), "Missing, invalid, expired or revoked token"),
    "403": js(ref("Forbidden"), "Forbidden"),
    "404": js(ref("Message"), "Not found"),
    "413": js(ref("Message"), "Body too large"),
    "422": js(ref("ValidationError"), "Validation failed (Laravel's body)"),
    "503": js(ref("Message"), "The vault is locked (the TUI sharing this server locked it)"),
    "429": {
        "description": "Too many failed authentications with a bad or missing token, all clients together (a valid token is never refused)",
        "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
        "content": {"application/json": {"schema": ref("Message")}},
    },
}
TOKEN_ERRORS = ["401", "403", "429", "503"]


def op(summary, ok, *, status="200", errors=(), body=None, params=(), public=False, tag=None,
       description=None, multipart=None, extra=None):
    responses = {}
    if ok is None:
        responses[status] = {"description": "No content"}
    else:
        responses[status] = js(ok)
    for e in list(errors) + ([] if public else TOKEN_ERRORS) + ["413"] * bool(body or multipart):
        responses[e] = ERR[e]
    if extra:
        responses.update(extra)
    o = {"summary": summary, "responses": responses}
    if description:
        o["description"] = description
    if tag:
        o["tags"] = [tag]
    if params:
        o["parameters"] = list(params)
    if body is not None:
        o["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if multipart is not None:
        o["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": multipart}}}
    if public:
        o["security"] = [{}]
    return o


def path_param(name, schema=None, description=None):
    p = {"name": name, "in": "path", "required": True, "schema": schema or {"type": "integer", "minimum": 0}}
    if description:
        p["description"] = description
    return p


def query(name, schema, description=None, required=False):
    p = {"name": name, "in": "query", "required": required, "schema": schema}
    if description:
        p["description"] = description
    return p


ID = path_param("id")
IDS_PATTERN = r"^\d+(,{1}\d+)*$"
IDS = query("ids", {"type": "string", "pattern": IDS_PATTERN}, "Comma-separated ids; 100 or more give 400", True)
IDS_OPT = dict(IDS, required=False)
FLAG = {"type": "string", "description": "PHP FILTER_VALIDATE_BOOLEAN: 1, true, on, yes are true"}
WITH_SECRET = query("withSecret", FLAG)
WITH_OTP = query("withOtp", FLAG, "Present (any value, 2FAuth quirk) adds `otp` to timed accounts")
NAME = path_param("name", {"type": "string", "pattern": "^[a-zA-Z]+$"})
FILENAME = path_param("filename", {"type": "string"})

OTP_TYPE = {"type": "string", "enum": ["totp", "hotp", "steamtotp"]}
ALGORITHM = {"type": "string", "enum": ["sha1", "sha256", "sha512", "md5"]}
NULLABLE_STR = {"type": ["string", "null"]}
# Laravel trims strings and turns "" into null, and otty refuses control characters in names:
# these patterns describe the strings that survive.
CTRL = r"\x00-\x1f\x7f-\x9f"
TEXT = {"type": "string", "pattern": rf"^[^{CTRL}]*\S[^{CTRL}]*$"}
NAME_NO_COLON = {"type": "string", "maxLength": 256, "pattern": rf"^[^:{CTRL}]*[^:\s{CTRL}][^:{CTRL}]*$"}
PRESENT = {"not": {"anyOf": [{"type": "null"}, {"type": "string", "pattern": r"^\s*$"}]}}
# Setting and preference values: the scalar types 2FAuth's document gives them (preferences may
# be fractions: formatPasswordBy is 0.5). Empty strings read as missing.
SETTING_VALUE = {"anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "boolean"}, {"type": "integer"}]}
PREF_VALUE = {"anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "boolean"}, {"type": "number"}]}

schemas = {
    "Message": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}},
    "BadRequest": {
        "type": "object", "required": ["message"],
        "properties": {"message": {"type": "string"},
                       "reason": {"type": ["array", "object"], "description": "An array of strings, or an object keyed by field"}},
    },
    "Forbidden": {"type": "object", "required": ["message"],
                  "properties": {"message": {"type": "string"}, "reason": {"type": "string"}}},
    "ValidationError": {
        "type": "object", "required": ["message", "errors"],
        "properties": {"message": {"type": "string"},
                       "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}},
    },
    "EmbeddedOtp": {"type": "object", "required": ["password", "generated_at", "next_password"],
                    "properties": {"password": {"type": "string"}, "generated_at": {"type": "integer"},
                                   "next_password": {"type": "string"}}},
    "AccountRead": {
        "type": "object",
        "required": ["id", "group_id", "otp_type", "account", "service", "icon", "digits", "algorithm", "period", "counter"],
        "properties": {
            "id": {"type": "integer", "description": "Migration results: 0 new, -1 duplicate, -2 invalid"},
            "group_id": {"type": ["integer", "null"]},
            "otp_type": OTP_TYPE, "account": {"type": "string"}, "service": NULLABLE_STR, "icon": NULLABLE_STR,
            "secret": {"type": "string", "description": "Upper-case base32 padded with = (or, for id -2, why the entry is invalid)"},
            "digits": {"type": "integer"}, "algorithm": ALGORITHM,
            "period": {"type": ["integer", "null"]}, "counter": {"type": ["integer", "null"], "minimum": 0},
            "otp": ref("EmbeddedOtp"),
        },
    },
    "AccountStore": {
        "type": "object", "required": ["id", "otp_type", "account", "service", "icon", "secret", "digits", "algorithm", "period", "counter"],
        "properties": {"id": {"type": "null", "description": "Always null: nothing is saved"}, "otp_type": OTP_TYPE, "account": {"type": "string"}, "service": NULLABLE_STR, "icon": NULLABLE_STR,
                       "secret": {"type": "string"}, "digits": {"type": "integer"}, "algorithm": ALGORITHM,
                       "period": {"type": ["integer", "null"]}, "counter": {"type": ["integer", "null"], "minimum": 0}},
    },
    "AccountFields": {
        "type": "object", "required": ["account", "otp_type"],
        "description": "2FAuth's STORE rules. otty generates a 160-bit secret when `secret` is missing (2FAuth answers 500).",
        "properties": {
            "account": NAME_NO_COLON, "service": {**NAME_NO_COLON, "type": ["string", "null"]},
            "icon": NULLABLE_STR, "group_id": {"type": ["integer", "null"], "minimum": 0},
            "otp_type": {"type": "string", "description": "totp, hotp or steamtotp (case-insensitive on create and update)"},
            "secret": {"type": ["string", "null"], "description": "base32"},
            "digits": {"type": ["integer", "null"], "minimum": 5, "maximum": 10},
            "algorithm": {"type": ["string", "null"]},
            "period": {"type": ["integer", "null"], "minimum": 1}, "counter": {"type": ["integer", "null"], "minimum": 0},
        },
    },
    "AccountUri": {
        "type": "object", "required": ["uri"],
        "properties": {"uri": {"type": "string", "pattern": "^[oO][tT][pP][aA][uU][tT][hH]://[hHtT][oO][tT][pP]/", "description": "otpauth://totp/… or otpauth://hotp/…"},
                       "custom_otp": {"type": "string", "enum": ["steamtotp"]},
                       "group_id": {"type": ["integer", "null"], "minimum": 0}},
    },
    "OtpRead": {
        "type": "object", "required": ["password", "otp_type"],
        "description": "TOTP/Steam: generated_at, period, next_password. HOTP: counter (the value now stored).",
        "properties": {"password": {"type": "string"}, "otp_type": OTP_TYPE, "generated_at": {"type": "integer"},
                       "period": {"type": "integer"}, "next_password": {"type": "string"}, "counter": {"type": "integer", "minimum": 0}},
    },
    "OtpLog": {
        "type": "object",
        "required": ["requester_name", "requester_email", "owner_name", "owner_email", "ip_address", "generated_at", "otp_type"],
        "properties": {"requester_name": NULLABLE_STR, "requester_email": NULLABLE_STR, "owner_name": {"type": "string"},
                       "owner_email": NULLABLE_STR, "ip_address": NULLABLE_STR, "generated_at": {"type": "string"}, "otp_type": OTP_TYPE},
    },
    "Group": {
        "type": "object", "required": ["id", "name", "show_in_chips", "twofaccounts_count"],
        "properties": {"id": {"type": "integer", "minimum": 0}, "name": {"type": "string"},
                       "show_in_chips": {"type": ["boolean", "null"]}, "twofaccounts_count": {"type": "integer", "minimum": 0}},
    },
    "GroupInput": {"type": "object", "required": ["name"],
                   "properties": {"name": {"type": "string", "maxLength": 32, "pattern": r"^[A-zÀ-ú0-9\s\-_']*[A-zÀ-ú0-9\-_'][A-zÀ-ú0-9\s\-_']*$"},
                                  "show_in_chips": {"type": "boolean"}}},
    "Ordered": {"type": "object", "required": ["message", "orderedIds"],
                "properties": {"message": {"type": "string"}, "orderedIds": {"type": "array", "items": {"type": "integer"}}}},
    "OrderInput": {"type": "object", "required": ["orderedIds"],
                   "properties": {"orderedIds": {"type": "array", "items": {"type": "integer"}}}},
    "IdsInput": {"type": "object", "required": ["ids"],
                 "properties": {"ids": {"type": "array", "items": {"type": "integer"}}}},
    "Count": {"type": "object", "required": ["owned", "shared", "total"],
              "properties": {k: {"type": "integer", "minimum": 0} for k in ["owned", "shared", "total"]}},
    "Export": {
        "type": "object", "required": ["app", "datetime", "data"],
        "properties": {"app": {"type": "string"}, "schema": {"type": "integer"}, "datetime": {"type": "string"},
                       "data": {"type": "array", "items": {"type": "object"}}},
    },
    "QrCode": {"type": "object", "required": ["qrcode", "uri"],
               "properties": {"qrcode": {"type": "string", "description": "data:image/svg+xml;base64,…"},
                              "uri": {"type": "string", "description": "otty extension: the otpauth URI the code encodes"}}},
    "Decoded": {"type": "object", "required": ["data"], "properties": {"data": {"type": "string"}}},
    "Filename": {"type": "object", "required": ["filename"], "properties": {"filename": {"type": "string"}}},
    "User": {
        "type": "object", "required": ["id", "name", "email", "preferences", "is_admin"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "email": {"type": "string"},
                       "oauth_provider": NULLABLE_STR, "authenticated_by_proxy": {"type": "boolean"},
                       "preferences": {"type": "object"}, "appSettings": {"type": "object"}, "is_admin": {"type": "boolean"}},
    },
    "Preference": {"type": "object", "required": ["key", "value"],
                   "properties": {"key": {"type": "string"}, "value": {"type": ["string", "boolean", "number"]},
                                  "locked": {"type": "boolean"}}},
    "Setting": {"type": "object", "required": ["key", "value"],
                "properties": {"key": {"type": "string"}, "value": {"type": ["string", "boolean", "integer"]}}},
    "ValueInput": {"type": "object", "required": ["value"], "properties": {"value": SETTING_VALUE}},
    "PreferenceInput": {"type": "object", "required": ["value"], "properties": {"value": PREF_VALUE}},
    "SettingInput": {"type": "object", "required": ["key", "value"],
                     "properties": {"key": {"type": "string", "pattern": "^[a-zA-Z]+$", "maxLength": 128}, "value": SETTING_VALUE}},
    "Feature": {"type": "object", "required": ["name", "state"],
                "properties": {"name": {"type": "string"}, "state": {"type": "string", "enum": ["enabled", "disabled"]}}},
    "Verify": {"type": "object", "required": ["code"],
               "properties": {"code": TEXT, "window": {"type": "integer", "minimum": 0, "maximum": 10}}},
    "VerifyResult": {"type": "object", "required": ["valid", "delta"],
                     "properties": {"valid": {"type": "boolean"}, "delta": {"type": ["integer", "null"]}}},
    "BackupCode": {"type": "object", "required": ["code", "used_at"],
                   "properties": {"code": {"type": "string"}, "used_at": {"type": ["integer", "null"]}}},
    "BackupCodesInput": {"type": "object", "required": ["codes"],
                         "properties": {"codes": {"type": "array", "maxItems": 100, "items": {**TEXT, "maxLength": 64}}}},
    "BackupUse": {"type": "object", "required": ["code"], "properties": {"code": TEXT}},
    "BackupUseResult": {"type": "object", "required": ["valid", "remaining"],
                        "properties": {"valid": {"type": "boolean"}, "remaining": {"type": "integer", "minimum": 0}}},
    "Generate": {"type": "object", "required": ["secret"],
                 "properties": {"secret": {"type": "string"}, "api_key": {"type": "string"},
                                "digits": {"type": "integer"}, "period": {"type": "integer"}, "algorithm": {"type": "string"}}},
    "Envelope": {
        "type": "object", "required": ["code", "message", "data"],
        "properties": {"code": {"type": "integer"}, "message": {"type": "string"},
                       "data": {"oneOf": [
                           {"type": "null"},
                           {"type": "object", "required": ["retry_after"], "properties": {"retry_after": {"type": "integer"}}},
                           {"type": "object", "required": ["code", "remaining_time", "timestamp", "valid_until"],
                            "properties": {"code": {"type": "string"}, "remaining_time": {"type": "integer"},
                                           "timestamp": {"type": "integer"}, "valid_until": {"type": "integer"}}}]}},
    },
}

arr = lambda s: {"type": "array", "items": s}
ACC = "/api/v1/twofaccounts"
T, G, O = "twofaccounts", "groups", "other"
account_body = {"oneOf": [ref("AccountUri"), ref("AccountFields")]}
paths = {
    ACC: {
        "get": op("List accounts", arr(ref("AccountRead")), errors=["422"], params=[IDS_OPT, WITH_SECRET, WITH_OTP], tag=T),
        "post": op("Create an account from a URI or fields", ref("AccountRead"), status="201", errors=["422"], body=account_body, tag=T),
        "delete": op("Delete several accounts", None, status="204", errors=["400", "422"], params=[IDS], tag=T),
    },
    f"{ACC}/count": {"get": op("Count accounts", ref("Count"), tag=T)},
    f"{ACC}/preview": {"post": op("Parse a URI without saving (Store shape)", ref("AccountStore"), errors=["422"], body=ref("AccountUri"), tag=T)},
    f"{ACC}/otp": {"post": op("A code for a URI or fields, nothing saved", ref("OtpRead"), errors=["400", "422"], body=account_body, tag=T)},
    f"{ACC}/export": {"get": op("Export accounts (2FAuth format, or otpauth URIs with otpauth=1)", ref("Export"),
                                errors=["400", "422"], params=[IDS, query("otpauth", {"type": "string", "enum": ["0", "1"]})], tag=T)},
    f"{ACC}/reorder": {"post": op("Save the account order", ref("Ordered"), errors=["422"], body=ref("OrderInput"), tag=T)},
    f"{ACC}/withdraw": {"patch": op("Take accounts out of their groups", ref("Message"), errors=["400", "422"], params=[IDS], tag=T)},
    f"{ACC}/migration": {"post": op(
        "Convert an import payload (nothing saved): ids 0 new, -1 duplicate, -2 invalid", arr(ref("AccountRead")),
        errors=["400", "422"], params=[WITH_SECRET], tag=T,
        body={"type": "object", "required": ["payload"], "properties": {"payload": TEXT}},
        description="Also accepts multipart/form-data with a `file` field. Formats are detected by content: otpauth lines, otpauth-migration://, Aegis, 2FAS, andOTP, Bitwarden, Ente, FreeOTP+, 2FAuth, otty. Encrypted payloads give 400.")},
    f"{ACC}/{{id}}": {
        "get": op("Show an account", ref("AccountRead"), errors=["404"], params=[ID, WITH_SECRET, WITH_OTP], tag=T),
        "put": op("Replace an account (absent group_id withdraws it)", ref("AccountRead"), errors=["400", "404", "422"], params=[ID], body=ref("AccountFields"), tag=T),
        "patch": op("Same as PUT", ref("AccountRead"), errors=["400", "404", "422"], params=[ID], body=ref("AccountFields"), tag=T),
        "delete": op("Delete an account", None, status="204", errors=["404"], params=[ID], tag=T),
    },
    f"{ACC}/{{id}}/otp": {"get": op("Hand out a code (HOTP: the counter advances and is saved)", ref("OtpRead"), errors=["400", "404"], params=[ID], tag=T)},
    f"{ACC}/{{id}}/qrcode": {"get": op("QR code of the account (plus `uri`, an otty extension)", ref("QrCode"), errors=["400", "404"], params=[ID], tag=T)},
    f"{ACC}/{{id}}/otp-logs": {"get": op("Codes handed out (never the codes)", arr(ref("OtpLog")), errors=["404", "422"], params=[
        ID, query("period", {"type": "integer", "minimum": 1, "maximum": 1200}, "Months"), query("limit", {"type": "integer", "minimum": 1, "maximum": 10000})], tag=T)},
    f"{ACC}/{{id}}/verify": {"post": op("otty extension: check a code; a code accepted once is refused after (RFC 6238 §5.2)", ref("VerifyResult"),
                                         errors=["404", "422"], params=[ID], body=ref("Verify"), tag=T)},
    f"{ACC}/{{id}}/backup-codes": {
        "get": op("otty extension: recovery codes", arr(ref("BackupCode")), errors=["404"], params=[ID], tag=T),
        "put": op("otty extension: replace the recovery codes", arr(ref("BackupCode")), errors=["404", "422"], params=[ID], body=ref("BackupCodesInput"), tag=T),
    },
    f"{ACC}/{{id}}/backup-codes/use": {"post": op("otty extension: use a recovery code once", ref("BackupUseResult"), errors=["404", "422"], params=[ID], body=ref("BackupUse"), tag=T)},
    "/api/v1/groups": {
        "get": op("Groups, the virtual group 0 \"All\" first", arr(ref("Group")), tag=G),
        "post": op("Create a group", ref("Group"), status="201", errors=["422"], body=ref("GroupInput"), tag=G),
    },
    "/api/v1/groups/reorder": {"post": op("Save the group order", ref("Ordered"), errors=["422"], body=ref("OrderInput"), tag=G)},
    "/api/v1/groups/{id}": {
        "get": op("Show a group (0: All)", ref("Group"), errors=["404"], params=[ID], tag=G),
        "put": op("Rename a group", ref("Group"), errors=["404", "422"], params=[ID], body=ref("GroupInput"), tag=G),
        "patch": op("Same as PUT", ref("Group"), errors=["404", "422"], params=[ID], body=ref("GroupInput"), tag=G),
        "delete": op("Delete a group (its accounts stay)", None, status="204", errors=["404"], params=[ID], tag=G),
    },
    "/api/v1/groups/{id}/assign": {"post": op("Move accounts into a group", ref("Group"), errors=["404", "422"],
                                             extra={"409": js(ref("Message"), "Conflict")}, params=[ID], body=ref("IdsInput"), tag=G)},
    "/api/v1/groups/{id}/twofaccounts": {"get": op("Accounts of a group (0: all)", arr(ref("AccountRead")), errors=["404"], params=[ID, WITH_SECRET, WITH_OTP], tag=G)},
    "/api/v1/qrcode/decode": {"post": op("Decode a QR code image", ref("Decoded"), errors=["400", "422"], tag=O,
                                         multipart={"type": "object", "required": ["qrcode"], "properties": {"qrcode": {"type": "string", "format": "binary"}}},
                                         description="PNG or JPEG; 422 for anything else, 400 when no QR code can be read.")},
    "/api/v1/icons": {"post": op("Upload an icon (PNG, JPEG or WebP; SVG refused; 4 MiB)", ref("Filename"), status="201", errors=["422"], tag=O,
                                 multipart={"type": "object", "required": ["icon"], "properties": {"icon": {"type": "string", "format": "binary"}}})},
    "/api/v1/icons/default": {"post": op("Fetch an official logo: otty never fetches, always 204", None, status="204", tag=O,
                                         body={"type": "object", "properties": {"service": {"type": "string"}}})},
    "/api/v1/icons/packs": {"get": op("Icon packs: none", arr({"type": "object"}), tag=O)},
    "/api/v1/icons/{filename}": {
        "get": {**op("An icon, stored sealed in the vault", None, errors=["404"], params=[FILENAME], tag=O),
                "responses": {"200": {"description": "The image", "content": {"image/png": {}, "image/jpeg": {}, "image/webp": {}}},
                              **{k: ERR[k] for k in ["404"] + TOKEN_ERRORS}}},
        "delete": op("Delete an icon (204 even if missing)", None, status="204", params=[FILENAME], tag=O),
    },
    "/storage/icons/{filename}": {"get": {
        **op("An icon as 2FAuth serves it: no token; names of fewer than 20 random characters are 404", None,
             errors=["404", "503"], params=[FILENAME], public=True, tag=O,
             description="For <img> elements of 2FAuth's clients. A name is 40 random base62 characters and an extension, "
                         "so a page cannot guess one; an Authorization header sent along is ignored."),
        "responses": {"200": {"description": "The image", "content": {"image/png": {}, "image/jpeg": {}, "image/webp": {}}},
                      **{k: ERR[k] for k in ["404", "503"]}}}},
    "/storage/noicon.svg": {"get": {
        **op("The placeholder 2FAuth's clients show for an account without an icon; no token", None, public=True, tag=O),
        "responses": {"200": {"description": "An SVG image", "content": {"image/svg+xml": {}}}}}},
    "/api/v1/user": {"get": op("The one user", ref("User"), tag=O)},
    "/api/v1/user/name": {"get": op("Deprecated in 2FAuth; no token", {"type": "object", "required": ["deprecation"],
                                                                        "properties": {"deprecation": {"type": "boolean"}}}, public=True, tag=O)},
    "/api/v1/user/preferences": {"get": op("All preferences", arr(ref("Preference")), tag=O)},
    "/api/v1/user/preferences/{name}": {
        "get": op("One preference", ref("Preference"), errors=["404"], params=[NAME], tag=O),
        "put": op("Set a preference (201, as 2FAuth)", ref("Preference"), status="201", errors=["404", "422"], params=[NAME], body=ref("PreferenceInput"), tag=O),
    },
    "/api/v1/settings": {
        "get": op("Settings", arr(ref("Setting")), tag=O),
        "post": op("Create a custom setting", ref("Setting"), status="201", errors=["422"], body=ref("SettingInput"), tag=O),
    },
    "/api/v1/settings/{name}": {
        "get": op("One setting", ref("Setting"), errors=["404"], params=[NAME], tag=O),
        "put": op("Set a setting (created if missing)", ref("Setting"), errors=["404", "422"], params=[NAME], body=ref("ValueInput"), tag=O),
        "delete": op("Delete a custom setting", None, status="204", errors=["400", "404"], params=[NAME], tag=O),
    },
    "/api/v1/features": {"get": op("Feature flags", arr(ref("Feature")), tag=O)},
    "/api/v1/features/{name}": {"get": op("One feature flag", ref("Feature"), errors=["404"], params=[path_param("name", {"type": "string"})], tag=O)},
    "/api/v1/openapi.json": {"get": op("This document", {"type": "object"}, public=True, tag=O)},
    "/api/2fa/generate": {"post": {
        "summary": "otty extension: a TOTP code for a secret, in its own envelope",
        "description": "Authenticated by the X-API-Key header, the api_key parameter or a Bearer token. Form or JSON body.",
        "tags": [O],
        "security": [{"apiKey": []}, {"apiKeyQuery": []}, {"bearer": []}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("Generate")},
                                                      "application/x-www-form-urlencoded": {"schema": ref("Generate")}}},
        "responses": {
            "200": js(ref("Envelope")), "400": js(ref("Envelope"), "Bad secret or parameters"),
            "401": js(ref("Envelope"), "Unauthenticated"), "413": ERR["413"],
            "429": {"description": "Throttled", "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                    "content": {"application/json": {"schema": ref("Envelope")}}},
        },
    }},
}

doc = {
    "openapi": "3.1.0",
    "info": {
        "title": "otty local REST API",
        "version": "0.1.0",
        "description": "2FAuth-compatible /api/v1 for one user, served by `otty serve` on 127.0.0.1:6889, plus otty's "
                       "extensions (verify, backup codes, /api/2fa/generate, the `uri` of QR codes). Differences from 2FAuth: "
                       "a missing secret on create generates a 160-bit secret; icons are served at /storage/icons/{filename} "
                       "without a token only under long random names (and at /api/v1/icons/{filename} behind the token); "
                       "SVG icons are refused; exports name their app `2fauth_otty-<version>`.",
        "license": {"name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0"},
    },
    "servers": [{"url": "http://127.0.0.1:6889"}],
    "security": [{"bearer": []}],
    "tags": [{"name": T}, {"name": G}, {"name": O}],
    "paths": paths,
    "components": {
        "schemas": schemas,
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "otty_pat_ followed by 43 base62 characters"},
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "apiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
        },
    },
}

OUT.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
print(f"wrote {OUT}")
