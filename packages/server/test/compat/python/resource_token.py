"""The seed's token-auth REST calls: every filter example, then create, read,
update and delete, written the way an integration script would be."""
import json
import os

import requests

BASE_URL = os.environ["CORTADO_URL"]
API_KEY = os.environ["CORTADO_API_KEY"]
API_SECRET = os.environ["CORTADO_API_SECRET"]

# Token Auth (RECOMMENDED for integrations)
headers = {
    'Authorization': f'token {API_KEY}:{API_SECRET}',
    'Accept': 'application/json',
    'Content-Type': 'application/json'
}

FILTER_EXAMPLES = {
    "status_equals": [["status", "=", "Open"]],
    "amount_greater": [["amount", ">", 1000]],
    "status_in": [["status", "in", ["Open", "Pending"]]],
    "date_between": [["date", "between", ["2024-01-01", "2024-12-31"]]],
    "reference_is_set": [["reference", "is", "set"]],  # NOT NULL
}

report = {}

for label, filters in FILTER_EXAMPLES.items():
    response = requests.get(
        f"{BASE_URL}/api/resource/Integration Order",
        params={
            "filters": json.dumps(filters),
            "fields": json.dumps(["name", "customer"]),
            "order_by": "customer asc",
        },
        headers=headers,
    )
    report[label] = {"status": response.status_code, "customers": [row["customer"] for row in response.json()["data"]]}

# Create
response = requests.post(
    f"{BASE_URL}/api/resource/ToDo",
    data=json.dumps({"description": "Follow up from Python", "status": "Open", "priority": "High"}),
    headers=headers,
)
todo = response.json()["data"]
report["create"] = {"status": response.status_code, "description": todo["description"], "priority": todo["priority"]}

# Read
response = requests.get(f"{BASE_URL}/api/resource/ToDo/{todo['name']}", headers=headers)
report["read"] = {"status": response.status_code, "name": response.json()["data"]["name"]}

# Update
response = requests.put(f"{BASE_URL}/api/resource/ToDo/{todo['name']}", json={"status": "Closed"}, headers=headers)
report["update"] = {"status": response.status_code, "todo_status": response.json()["data"]["status"]}

# Delete
response = requests.delete(f"{BASE_URL}/api/resource/ToDo/{todo['name']}", headers=headers)
report["delete"] = {"status": response.status_code, "body": response.json()}
response = requests.get(f"{BASE_URL}/api/resource/ToDo/{todo['name']}", headers=headers)
report["read_deleted"] = {"status": response.status_code, "exc_type": response.json().get("exc_type")}

# A document with child rows: create, then replace the child table
order = {
    "customer": "Python Ltd",
    "status": "Pending",
    "amount": 300,
    "date": "2024-05-05",
    "items": [{"item": "Bolt", "qty": 10, "rate": 20}, {"item": "Nut", "qty": 5, "rate": 20}],
}
response = requests.post(f"{BASE_URL}/api/resource/Integration Order", json=order, headers=headers)
created = response.json()["data"]
report["create_with_children"] = {"status": response.status_code, "items": [row["item"] for row in created["items"]]}
items = created["items"][:1]
items[0]["qty"] = 11
items.append({"item": "Washer", "qty": 1, "rate": 1})
response = requests.put(
    f"{BASE_URL}/api/resource/Integration Order/{created['name']}", json={"items": items}, headers=headers
)
updated = response.json()["data"]
report["update_children"] = {
    "status": response.status_code,
    "items": [[row["item"], row["qty"]] for row in updated["items"]],
}

# Pagination
response = requests.get(
    f"{BASE_URL}/api/resource/ToDo",
    params={"fields": json.dumps(["name", "description"]), "limit_start": 0, "limit_page_length": 2},
    headers=headers,
)
report["page"] = {"status": response.status_code, "rows": len(response.json()["data"])}

print(json.dumps(report))
