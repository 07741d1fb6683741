"""The seed's receiver-side check, unchanged: base64(HMAC-SHA256(secret, raw body)) == header."""
import base64
import hashlib
import hmac
import sys


def verify_webhook(secret: bytes, body: bytes, signature: str) -> bool:
    expected = base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, signature)


if __name__ == "__main__":
    secret, signature = sys.argv[1].encode(), sys.argv[2]
    body = sys.stdin.buffer.read()
    print("valid" if verify_webhook(secret, body, signature) else "invalid")
