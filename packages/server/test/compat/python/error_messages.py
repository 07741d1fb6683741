"""Error handling as the seed shows it: read exc_type, decode _server_messages."""
import json
import os

import requests

BASE_URL = os.environ["CORTADO_URL"]
API_KEY = os.environ["CORTADO_API_KEY"]
API_SECRET = os.environ["CORTADO_API_SECRET"]

headers = {
    'Authorization': f'token {API_KEY}:{API_SECRET}',
    'Accept': 'application/json',
    'Content-Type': 'application/json'
}


def server_messages(response):
    """_server_messages is a JSON string holding a list of JSON-encoded messages."""
    body = response.json()
    if "_server_messages" not in body:
        return []
    messages = json.loads(body["_server_messages"])
    return [json.loads(message) if isinstance(message, str) else message for message in messages]


def describe(response):
    body = response.json()
    raw = json.loads(body.get("_server_messages", "[]"))
    return {
        "status": response.status_code,
        "exc_type": body.get("exc_type"),
        "messages": [message.get("message") for message in server_messages(response)],
        # Frappe encodes each message as a JSON string inside the JSON list
        "encoded_twice": bool(raw) and all(isinstance(message, str) for message in raw),
    }


report = {}

response = requests.post(f"{BASE_URL}/api/resource/Integration Order", json={"status": "Open"}, headers=headers)
report["mandatory"] = describe(response)

response = requests.post(
    f"{BASE_URL}/api/resource/Integration Order", json={"customer": "X", "status": "Bogus"}, headers=headers
)
report["validation"] = describe(response)

response = requests.get(f"{BASE_URL}/api/resource/Integration Order/IO-99999", headers=headers)
report["not_found"] = describe(response)

response = requests.get(f"{BASE_URL}/api/resource/Integration Order", headers={'Accept': 'application/json'})
report["guest"] = describe(response)

response = requests.get(
    f"{BASE_URL}/api/resource/Integration Order",
    headers={**headers, 'Authorization': f'token {API_KEY}:not-the-secret'},
)
report["bad_token"] = {"status": response.status_code, "exc_type": response.json().get("exc_type")}

response = requests.post(f"{BASE_URL}/api/method/my_app.api.no_such_function", json={}, headers=headers)
report["unknown_method"] = {"status": response.status_code, "exc_type": response.json().get("exc_type")}

print(json.dumps(report))
