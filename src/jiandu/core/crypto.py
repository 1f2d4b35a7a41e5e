"""Field encryption (AES-256-GCM) with the key from settings, never from the database.

A ciphertext is stored as text: ``v1:`` + base64(nonce ‖ ciphertext+tag). The associated
data binds a ciphertext to its row and field, so a value copied to another row fails.

Every encrypted model field is registered here (``register_encrypted_field``, from its
app's ``ready``) so that ``jiandu rotate_field_key`` re-encrypts all of them with a new
key; keys are named only by their fingerprint (``key_fingerprint``), never printed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "v1:"


class DecryptionError(Exception):
    pass


def _aead(key: bytes | None = None) -> AESGCM:
    key = settings.FIELD_ENCRYPTION_KEY if key is None else key
    if len(key) != 32:
        raise ValueError("JIANDU_FIELD_KEY must be 32 bytes (base64)")
    return AESGCM(key)


def encrypt_json(value: dict[str, Any], *, context: str, key: bytes | None = None) -> str:
    nonce = os.urandom(12)
    plain = json.dumps(value, ensure_ascii=False, sort_keys=True).encode()
    sealed = _aead(key).encrypt(nonce, plain, context.encode())
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt_json(token: str, *, context: str, key: bytes | None = None) -> dict[str, Any]:
    if not token:
        return {}
    if not token.startswith(PREFIX):
        raise DecryptionError("unknown ciphertext version")
    raw = base64.b64decode(token[len(PREFIX) :])
    try:
        plain = _aead(key).decrypt(raw[:12], raw[12:], context.encode())
    except InvalidTag:
        raise DecryptionError("ciphertext does not match its key or context") from None
    return json.loads(plain)


def key_fingerprint(key: bytes) -> str:
    """A short name for a key (in audit events and output); the key cannot be derived."""
    return hashlib.sha256(b"jiandu-field-key:" + key).hexdigest()[:16]


def parse_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError:
        raise ValueError("密钥应为32字节的 base64 文本") from None
    if len(key) != 32:
        raise ValueError("密钥应为32字节的 base64 文本")
    return key


@dataclass(frozen=True)
class EncryptedField:
    """A model's text field holding ``encrypt_json`` output; ``context`` gives a row's
    associated data."""

    model: Any
    field: str
    context: Callable[[Any], str]


ENCRYPTED_FIELDS: list[EncryptedField] = []


def register_encrypted_field(model: Any, field: str, context: Callable[[Any], str]) -> None:
    if not any(f.model is model and f.field == field for f in ENCRYPTED_FIELDS):
        ENCRYPTED_FIELDS.append(EncryptedField(model, field, context))


def reencrypt_all(*, old_key: bytes, new_key: bytes) -> int:
    """Re-encrypt every registered field from ``old_key`` to ``new_key`` (rows locked);
    the caller holds the transaction. A value that does not decrypt with ``old_key``
    stops everything (DecryptionError), so no row is left under a key nobody has."""
    count = 0
    for spec in ENCRYPTED_FIELDS:
        rows = spec.model.objects.select_for_update().exclude(**{spec.field: ""}).order_by("pk")
        for obj in rows.iterator(chunk_size=500):
            context = spec.context(obj)
            value = decrypt_json(getattr(obj, spec.field), context=context, key=old_key)
            setattr(obj, spec.field, encrypt_json(value, context=context, key=new_key))
            obj.save(update_fields=[spec.field])
            count += 1
    return count
