"""Signs a webhook body the way the seed's receiver checks it (Frappe's
X-Frappe-Webhook-Signature: base64 of HMAC-SHA256 over the raw body), and the
way Cortado signs its id + timestamp header. Prints the headers as JSON.

usage: WEBHOOK_BODY=... python3 sign_webhook.py <secret> <id> <timestamp>
"""
import base64
import hashlib
import hmac
import json
import os
import sys


def frappe_signature(secret: bytes, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest()).decode()


if __name__ == "__main__":
    secret = sys.argv[1].encode()
    webhook_id, timestamp = sys.argv[2], sys.argv[3]
    body = os.environ["WEBHOOK_BODY"].encode()
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    print(json.dumps({
        "X-Frappe-Webhook-Signature": frappe_signature(secret, body),
        "X-Cortado-Webhook-Id": webhook_id,
        "X-Cortado-Webhook-Timestamp": timestamp,
        "X-Cortado-Webhook-Event": "Sales Invoice:on_submit",
        "X-Cortado-Webhook-Signature": "v1," + frappe_signature(secret, signed),
    }))
