"""Field encryption (AES-256-GCM) with the key from settings, never from the database.

A ciphertext is stored as text: ``v1:`` + base64(nonce ‖ ciphertext+tag). The associated
data binds a ciphertext to its row and field, so a value copied to another row fails.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "v1:"


class DecryptionError(Exception):
    pass


def _aead() -> AESGCM:
    key = settings.FIELD_ENCRYPTION_KEY
    if len(key) != 32:
        raise ValueError("JIANDU_FIELD_KEY must be 32 bytes (base64)")
    return AESGCM(key)


def encrypt_json(value: dict[str, Any], *, context: str) -> str:
    nonce = os.urandom(12)
    plain = json.dumps(value, ensure_ascii=False, sort_keys=True).encode()
    sealed = _aead().encrypt(nonce, plain, context.encode())
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt_json(token: str, *, context: str) -> dict[str, Any]:
    if not token:
        return {}
    if not token.startswith(PREFIX):
        raise DecryptionError("unknown ciphertext version")
    raw = base64.b64decode(token[len(PREFIX) :])
    try:
        plain = _aead().decrypt(raw[:12], raw[12:], context.encode())
    except InvalidTag:
        raise DecryptionError("ciphertext does not match its key or context") from None
    return json.loads(plain)
