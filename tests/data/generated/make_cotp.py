#!/usr/bin/env python3
"""Make cotp_encrypted.json: cotp's encrypted database holding ../cotp/cotp_input.json.

No encrypted cotp database is among the public fixtures, so this one is made with
implementations independent of otty and of cotp: the `cryptography` package's Argon2id (cotp's
parameters: 32 MiB, 4 passes, 4 lanes, 32-byte key, 16-byte salt) and PyNaCl's (libsodium's)
XChaCha20-Poly1305. The envelope is cotp's: JSON {version, nonce, salt, cipher}, standard
base64. Run from this folder: `python3 make_cotp.py` (fresh salt and nonce each time).
"""
import base64, json, os
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
import nacl.bindings as sodium

PASSWORD = b"cotp-interop-passphrase"
salt, nonce = os.urandom(16), os.urandom(24)
key = Argon2id(salt=salt, length=32, iterations=4, lanes=4, memory_cost=32 * 1024).derive(PASSWORD)
plain = json.dumps(json.load(open("../cotp/cotp_input.json")), separators=(",", ":")).encode()
cipher = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, None, nonce, key)
b64 = lambda b: base64.b64encode(b).decode()
with open("cotp_encrypted.json", "w") as f:
    json.dump({"version": 1, "nonce": b64(nonce), "salt": b64(salt), "cipher": b64(cipher)}, f)
