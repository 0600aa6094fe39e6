"""Field encryption and blind index speed for a 200-character value (one core, in process)."""

from __future__ import annotations

import os

from _setup import configure, line, per_second

configure()

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

from palermo.core import blind_index, crypto  # noqa: E402

VALUE = ("Жанаргуль Тохтарбекова, Zhanargul Tokhtarbekova; ул. Шелепихинская 17, кв. 4; "
         "+7 913 555 01 42; recruiter: Qasimbek, Тюмень → Москва, паспорт изъят 2023-04-02. "
         "Alias Ласточка.")[:200].ljust(200, ".")
PLAINTEXT = VALUE.encode()
CONTEXT = "cases.Person.narrative"
N = 20_000


def main() -> None:
    token = crypto.encrypt(PLAINTEXT, context=CONTEXT)
    assert crypto.decrypt(token, context=CONTEXT) == PLAINTEXT
    key = crypto.key_ring()[crypto.current_key_id()]
    aead = AESGCM(key)
    nonce = os.urandom(12)
    sealed = aead.encrypt(nonce, PLAINTEXT, CONTEXT.encode())

    print(f"palermo crypto benchmark: {len(VALUE)}-character value "
          f"({len(PLAINTEXT)} bytes UTF-8, {len(token)}-character ciphertext), {N} operations")
    encrypt = per_second(lambda: crypto.encrypt(PLAINTEXT, context=CONTEXT), N)
    raw_encrypt = per_second(lambda: aead.encrypt(os.urandom(12), PLAINTEXT, b"x"), N)
    line("encrypt (crypto.encrypt)", f"{encrypt:,.0f} ops/s",
         f"baseline, bare AES-GCM: {raw_encrypt:,.0f} ops/s")
    decrypt = per_second(lambda: crypto.decrypt(token, context=CONTEXT), N)
    raw_decrypt = per_second(lambda: aead.decrypt(nonce, sealed, CONTEXT.encode()), N)
    line("decrypt (crypto.decrypt)", f"{decrypt:,.0f} ops/s",
         f"baseline, bare AES-GCM: {raw_decrypt:,.0f} ops/s")
    index = per_second(lambda: blind_index.blind_index(VALUE, purpose=CONTEXT), N)
    line("blind index (normalise + HMAC-SHA256)", f"{index:,.0f} ops/s")
    print(f"a page listing 50 records with 5 encrypted fields each spends "
          f"{250 / decrypt * 1000:.2f} ms decrypting")


if __name__ == "__main__":
    main()
