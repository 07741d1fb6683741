"""The seed's RPC call: POST /api/method/my_app.api.my_function with a JSON body."""
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

report = {}

response = requests.post(
    f"{BASE_URL}/api/method/my_app.api.my_function",
    json={"param1": "value1", "param2": "value2"},
    headers=headers,
)
report["post_json"] = {"status": response.status_code, "body": response.json()}

response = requests.get(
    f"{BASE_URL}/api/method/my_app.api.my_function",
    params={"param1": "value1", "param2": "value2"},
    headers=headers,
)
report["get_query"] = {"status": response.status_code, "message": response.json()["message"]}

# Form-encoded arguments, as requests sends a dict passed as data=
response = requests.post(
    f"{BASE_URL}/api/method/my_app.api.my_function",
    data={"param1": "value1", "param2": "value2"},
    headers={'Authorization': headers['Authorization'], 'Accept': 'application/json'},
)
report["post_form"] = {"status": response.status_code, "message": response.json()["message"]}

response = requests.post(
    f"{BASE_URL}/api/method/my_app.api.my_function", json={"param1": "value1"}, headers=headers
)
report["missing_argument"] = {"status": response.status_code, "exc_type": response.json().get("exc_type")}

response = requests.get(f"{BASE_URL}/api/method/ping", headers=headers)
report["ping"] = response.json()

print(json.dumps(report))
