#!/usr/bin/env python3
"""Build the fuzz seed corpora in fuzz/seeds/<target>/ from tests/data.

Run from anywhere: `python3 fuzz/make_seeds.py`. Needs the `cryptography` and `PyNaCl`
packages (the same as tests/data/generated/make_fixtures.py) for the cheap encrypted seeds:
fuzz builds cap key derivation far lower than otty does (crates/otty-core/src/import/cipher.rs), so the
real fixtures' Aegis scrypt, andOTP PBKDF2 and Ente Argon2 parameters are refused there. This
script re-seals those files with cheap parameters so mutations still reach decryption and the
parsers behind it. Seed names are content hashes, so re-running is idempotent.
"""
import base64, hashlib, json, os, struct, urllib.parse
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
import nacl.bindings as sodium

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "fuzz" / "seeds"
b64 = lambda b: base64.b64encode(b).decode()


def put(target, data: bytes):
    d = SEEDS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def fixture_files():
    for p in sorted(DATA.rglob("*")):
        if p.is_file() and p.suffix not in (".py", ".md") and p.stat().st_size <= 64 * 1024:
            yield p


# ---- uri: every collected case and every URI line of the fixtures ----
for case in json.loads((DATA / "uri_cases.json").read_text())["cases"]:
    put("uri", case["uri"].encode())
for p in fixture_files():
    try:
        text = p.read_text()
    except UnicodeDecodeError:
        continue
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(("otpauth://", "steam://")):
            put("uri", line.encode())

# ---- migration: mode byte 0 + raw protobuf, mode byte 1 + export text ----
for p in sorted((DATA / "google_migration").rglob("*.txt")):
    text = p.read_bytes()
    put("migration", b"\x01" + text)
    for line in text.decode(errors="replace").splitlines():
        if "data=" not in line:
            continue
        data = urllib.parse.unquote(line.split("data=", 1)[1].split("&")[0])
        try:
            raw = base64.b64decode(data + "=" * (-len(data) % 4))
        except ValueError:
            continue
        put("migration", b"\x00" + raw)

# ---- import: byte 0 picks the passphrase (fuzz_targets/import.rs, modulo 8): 0 none,
# 1 "test", 2 bitwarden's, 3 ente's, 4 Authy's, 5 Authenticator Plus's, 6 TOTP Authenticator's,
# 7 cotp's (generated) ----
PASS = {
    "aegis_encrypted": 1, "_encrypted": 1, "andotp_encrypted": 1,
    "bitwarden_protected": 2, "ENCRYPTED_BITWARDEN": 0, "ente_encrypted": 3,
    "authy_encrypted": 4, "authenticator_plus": 5, "totp_authenticator.bin": 6,
    "cotp_encrypted": 7, "freeotp_v2": 1, "stratum_encrypted": 1,
}


def selector(name):
    for key in ("bitwarden_protected", "ente_encrypted", "aegis_encrypted", "andotp_encrypted",
                "authy_encrypted", "authenticator_plus", "totp_authenticator.bin",
                "cotp_encrypted", "freeotp_v2", "stratum_encrypted", "_encrypted"):
        if key in name:
            return PASS[key]
    return 0


for p in fixture_files():
    put("import", bytes([selector(p.name)]) + p.read_bytes())

# Inputs that once crashed a target (fuzz/regressions), as plain files.
for p in sorted((ROOT / "fuzz" / "regressions").glob("*")):
    put("import", b"\x00" + p.read_bytes())

# Aegis, re-wrapped: the master key sealed again under scrypt N=1024 (1 MiB).
aegis = json.loads((DATA / "aegis" / "aegis_encrypted.json").read_text())
slot = aegis["header"]["slots"][0]
old = hashlib.scrypt(b"test", salt=bytes.fromhex(slot["salt"]), n=slot["n"], r=slot["r"],
                     p=slot["p"], maxmem=2**28, dklen=32)
master = AESGCM(old).decrypt(bytes.fromhex(slot["key_params"]["nonce"]),
                             bytes.fromhex(slot["key"] + slot["key_params"]["tag"]), None)
salt, nonce = bytes(range(32)), bytes(range(12))
new = hashlib.scrypt(b"test", salt=salt, n=1024, r=8, p=1, dklen=32)
sealed = AESGCM(new).encrypt(nonce, master, None)
slot.update(n=1024, salt=salt.hex(), key=sealed[:-16].hex(),
            key_params={"nonce": nonce.hex(), "tag": sealed[-16:].hex()})
put("import", b"\x01" + json.dumps(aegis).encode())

# andOTP (new layout), re-sealed with 1,000 PBKDF2-SHA1 iterations.
blob = (DATA / "andotp" / "andotp_encrypted.bin").read_bytes()
iters = struct.unpack(">I", blob[:4])[0]
salt, nonce, ct = blob[4:16], blob[16:28], blob[28:]
key = hashlib.pbkdf2_hmac("sha1", b"test", salt, iters, 32)
plain = AESGCM(key).decrypt(nonce, ct, None)
key = hashlib.pbkdf2_hmac("sha1", b"test", salt, 1000, 32)
put("import", b"\x01" + struct.pack(">I", 1000) + salt + nonce + AESGCM(key).encrypt(nonce, plain, None))

# Ente, with Argon2id at 8 KiB and one pass.
EPASS = b"interop-test-passphrase"
salt = bytes(range(16))
mem, ops = 8 * 1024, 1
key = sodium.crypto_pwhash_alg(32, EPASS, salt, ops, mem, sodium.crypto_pwhash_ALG_ARGON2ID13)
state = sodium.crypto_secretstream_xchacha20poly1305_state()
header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
ct = sodium.crypto_secretstream_xchacha20poly1305_push(
    state, (DATA / "ente" / "ente_auth.txt").read_bytes(), None,
    sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL)
put("import", b"\x03" + json.dumps({
    "version": 1, "kdfParams": {"memLimit": mem, "opsLimit": ops, "salt": b64(salt)},
    "encryptedData": b64(ct), "encryptionNonce": b64(header)}).encode())

# otty's own format (docs/FORMAT.md), plain and sealed with Argon2id at 8 KiB, one pass.
accounts = [
    {"service": "Deno", "account": "Mason", "otp_type": "totp", "algorithm": "sha1", "digits": 6,
     "period": 30, "counter": 0, "secret": "4SJHB4GSD43FZBAI7C2HLRJGPQ", "notes": "n",
     "favorite": True, "group": "Work",
     "icon": {"name": "i.png", "mime": "image/png", "data": b64(b"\x89PNG\r\n\x1a\n")},
     "backup_codes": []},
    {"service": "SPDX", "account": "James", "otp_type": "hotp", "algorithm": "sha256",
     "digits": 7, "period": 30, "counter": 3, "secret": "5OM4WOOGPLQEF6UGN3CPEOOLWU"},
]
put("import", b"\x00" + json.dumps({"format": "otty-export", "version": 1,
                                    "accounts": accounts}).encode())
key = sodium.crypto_pwhash_alg(32, b"test", salt, 1, 8 * 1024, sodium.crypto_pwhash_ALG_ARGON2ID13)


def seal(plain, aad, n):
    nonce = bytes([n]) * 24
    return b64(nonce + sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, aad, nonce, key))


put("import", b"\x01" + json.dumps({
    "format": "otty-export", "version": 1,
    "encryption": {"kdf": "argon2id", "memory_kib": 8, "iterations": 1, "parallelism": 1,
                   "salt": b64(salt), "cipher": "xchacha20poly1305",
                   "check": seal(b"otty export check", b"otty/export/v1/check", 1)},
    "payload": seal(json.dumps({"accounts": accounts}).encode(), b"otty/export/v1/payload", 2),
}).encode())

# ---- api_json: byte 0 route, byte 1 path parameter, byte 2 content type/query flag ----
ROUTES = 60  # more than the route count; the target takes byte 0 modulo the count
BODIES = [
    b'{"service":"GitHub","account":"a@b.c","otp_type":"totp","secret":"A4GRFHVVRBGY7UIW",'
    b'"digits":6,"algorithm":"sha1","period":30,"group_id":1,"icon":null}',
    b'{"otp_type":"hotp","secret":"A4GRFHVVRBGY7UIW","counter":5,"service":"s"}',
    b'{"uri":"otpauth://totp/GitHub:a?secret=A4GRFHVVRBGY7UIW&issuer=GitHub"}',
    b'{"name":"Work"}',
    b'{"ids":[1,2,3]}',
    b'{"orderedIds":[2,1]}',
    b'{"ids":"1,2"}',
    b'{"payload":"otpauth://totp/a?secret=A4GRFHVVRBGY7UIW","withSecret":true}',
    b'{"value":true}',
    b'{"key":"k","value":"v"}',
    b'{"codes":["abc","def"]}',
    b'{"code":"123456"}',
    b'{"secret":"A4GRFHVVRBGY7UIW","otp_type":"totp"}',
    b'{"service":"Steam","otp_type":"steamtotp","secret":"A4GRFHVVRBGY7UIW"}',
]
for r in range(ROUTES):
    for i, body in enumerate(BODIES):
        if (r + i) % 3 == 0:
            put("api_json", bytes([r, i % 8, 0]) + body)
    put("api_json", bytes([r, 0, 5]) + b"ids=1,2&withOtp=1\n{}")
    put("api_json", bytes([r, 1, 1]) + b"name=x&service=s&secret=A4GRFHVVRBGY7UIW&otp_type=totp")

# ---- java_serial: the FreeOTP v2 backups, and an empty map ----
for p in sorted((DATA / "freeotp").glob("freeotp_v2_*.xml")):
    put("java_serial", p.read_bytes())

for t in ("uri", "migration", "import", "api_json", "java_serial"):
    print(t, len(list((SEEDS / t).iterdir())))
