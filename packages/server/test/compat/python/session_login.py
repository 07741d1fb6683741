"""The seed's session example: requests.Session(), log in, then read /api/resource/User."""
import json
import os

import requests

BASE_URL = os.environ["CORTADO_URL"]
USER = os.environ["CORTADO_USER"]
PASSWORD = os.environ["CORTADO_PASSWORD"]

report = {}

session = requests.Session()
response = session.post(f"{BASE_URL}/api/method/login", json={"usr": USER, "pwd": PASSWORD})
report["login"] = {"status": response.status_code, "body": response.json(), "cookies": sorted(session.cookies.keys())}

response = session.get(f"{BASE_URL}/api/resource/User", headers={'Accept': 'application/json'})
report["users"] = {"status": response.status_code, "names": sorted(row["name"] for row in response.json()["data"])}

response = session.get(f"{BASE_URL}/api/method/frappe.auth.get_logged_user")
report["logged_user"] = response.json()["message"]

response = session.post(f"{BASE_URL}/api/method/logout")
report["logout"] = response.status_code

response = session.get(f"{BASE_URL}/api/resource/User", headers={'Accept': 'application/json'})
report["after_logout"] = {"status": response.status_code, "exc_type": response.json().get("exc_type")}

wrong = requests.Session().post(f"{BASE_URL}/api/method/login", json={"usr": USER, "pwd": "wrong"})
report["wrong_password"] = {"status": wrong.status_code, "body": wrong.json()}

print(json.dumps(report))
