#!/usr/bin/env python3
"""Make the generated fixtures in this folder with independent implementations.

Bitwarden's password-protected export uses the `cryptography` package (PBKDF2, HKDF-Expand,
AES-CBC, HMAC); Ente's encrypted export uses PyNaCl (libsodium's crypto_pwhash Argon2id and
crypto_secretstream). Neither shares code with otty, so importing these files checks otty's
reading of both formats. Run from this folder: `python3 make_fixtures.py`.
"""
import base64, json, os
from cryptography.hazmat.primitives import hashes, hmac, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
import nacl.bindings as sodium

b64 = lambda b: base64.b64encode(b).decode()

# --- Bitwarden password-protected JSON (PBKDF2 key, AES-256-CBC + HMAC) ---
PASSWORD = b"correct horse battery staple"
SALT = "QWJjZGVmZ2hpamtsbW5vcA=="  # used as UTF-8 text, not decoded
ITER = 5000
inner = {"encrypted": False, "folders": [{"id": "f1", "name": "Work"}], "items": [
    {"id": "1", "type": 1, "name": "Deno", "folderId": "f1", "login": {"username": "Mason",
     "totp": "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno&algorithm=SHA1&digits=6&period=30"}},
    {"id": "2", "type": 1, "name": "Boeing", "folderId": None, "login": {"username": "Sophia",
     "totp": "steam://JRZCL47CMXVOQMNPZR2F7J4RGI"}},
    {"id": "3", "type": 1, "name": "SPDX", "folderId": None, "login": {"username": "James",
     "totp": "5OM4WOOGPLQEF6UGN3CPEOOLWU"}},
    {"id": "4", "type": 1, "name": "No TOTP", "login": {"username": "x", "totp": None}},
]}
master = PBKDF2HMAC(hashes.SHA256(), 32, SALT.encode(), ITER).derive(PASSWORD)
enc_key = HKDFExpand(hashes.SHA256(), 32, b"enc").derive(master)
mac_key = HKDFExpand(hashes.SHA256(), 32, b"mac").derive(master)

def enc_string(plain: bytes, iv: bytes) -> str:
    p = padding.PKCS7(128).padder()
    padded = p.update(plain) + p.finalize()
    e = Cipher(algorithms.AES(enc_key), modes.CBC(iv)).encryptor()
    ct = e.update(padded) + e.finalize()
    h = hmac.HMAC(mac_key, hashes.SHA256()); h.update(iv + ct)
    return f"2.{b64(iv)}|{b64(ct)}|{b64(h.finalize())}"

doc = {"encrypted": True, "passwordProtected": True, "salt": SALT, "kdfType": 0,
       "kdfIterations": ITER, "kdfMemory": None, "kdfParallelism": None,
       "encKeyValidation_DO_NOT_EDIT": enc_string(b"0b5d4d0f-1c3e-4a7b-9a52-2f1d0e6c9b11", bytes(range(16))),
       "data": enc_string(json.dumps(inner).encode(), bytes(range(16, 32)))}
with open("bitwarden_protected.json", "w") as f:
    json.dump(doc, f, indent=2)

# --- Ente Auth encrypted export (Argon2id key, secretstream) ---
EPASS = b"interop-test-passphrase"
salt = bytes(range(16))
mem, ops = 8 * 1024 * 1024, 3
key = sodium.crypto_pwhash_alg(32, EPASS, salt, ops, mem, sodium.crypto_pwhash_ALG_ARGON2ID13)
plain = open("../ente/ente_auth.txt", "rb").read()
for name, tag in (("ente_encrypted.json", sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL),
                  ("ente_encrypted_tag_message.json", sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)):
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    ct = sodium.crypto_secretstream_xchacha20poly1305_push(state, plain, None, tag)
    with open(name, "w") as f:
        json.dump({"version": 1, "kdfParams": {"memLimit": mem, "opsLimit": ops, "salt": b64(salt)},
                   "encryptedData": b64(ct), "encryptionNonce": b64(header)}, f, indent=2)

# --- A JPEG screenshot of a QR code (Pillow), for the JPEG path of the QR reader ---
from PIL import Image
img = Image.open("../2fauth-api/validQrcode.png").convert("RGB")
img = img.resize((img.width * 2, img.height * 2), Image.NEAREST)
img.save("validQrcode.jpg", quality=80)
