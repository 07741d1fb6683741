"""The seed's OAuth 2.0 steps with requests: authorize URL, the user's
consent, code exchange (no client_secret, as the seed writes it), a Bearer
call, and a refresh. Host, client and user come from the environment."""
import base64
import hashlib
import json
import os
import re
import secrets
from html import unescape
from urllib.parse import parse_qs, urlencode, urlparse

import requests

BASE_URL = os.environ["CORTADO_URL"]
CLIENT_ID = os.environ["CORTADO_CLIENT_ID"]
REDIRECT_URI = os.environ["CORTADO_REDIRECT_URI"]

# Step 1: the authorization URL (PKCE for a client without a secret)
code_verifier = secrets.token_urlsafe(48)
code_challenge = base64.urlsafe_b64encode(
    hashlib.sha256(code_verifier.encode()).digest()
).rstrip(b"=").decode()
params = {
    "client_id": CLIENT_ID,
    "response_type": "code",
    "scope": "openid all",
    "redirect_uri": REDIRECT_URI,
    "state": "seed-state",
    "code_challenge": code_challenge,
    "code_challenge_method": "S256",
}
auth_url = f"{BASE_URL}/api/method/frappe.integrations.oauth2.authorize?{urlencode(params)}"

# Step 2: the user logs in and allows access (a browser in real life)
browser = requests.Session()
browser.post(f"{BASE_URL}/api/method/login",
             json={"usr": os.environ["CORTADO_USER"], "pwd": os.environ["CORTADO_PASSWORD"]})
consent = browser.get(auth_url, allow_redirects=False)
action = unescape(re.search(r'<form method="post" action="([^"]+)"', consent.text).group(1))
csrf = re.search(r'name="csrf_token" value="([^"]+)"', consent.text).group(1)
approved = browser.post(f"{BASE_URL}{action}", data={"csrf_token": csrf}, allow_redirects=False)
callback = urlparse(approved.headers["Location"])
code = parse_qs(callback.query)["code"][0]

# Step 3: exchange the code for tokens
token_response = requests.post(
    f"{BASE_URL}/api/method/frappe.integrations.oauth2.get_token",
    data={
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "client_id": CLIENT_ID,
        "code_verifier": code_verifier,
    },
)
tokens = token_response.json()
access_token = tokens["access_token"]

# Step 4: call the API with the Bearer token
headers = {'Authorization': f'Bearer {access_token}'}
todos = requests.get(f"{BASE_URL}/api/resource/ToDo", headers=headers)
user = requests.get(f"{BASE_URL}/api/method/frappe.auth.get_logged_user", headers=headers)

# Refresh
refreshed = requests.post(
    f"{BASE_URL}/api/method/frappe.integrations.oauth2.get_token",
    data={
        "grant_type": "refresh_token",
        "refresh_token": tokens["refresh_token"],
        "client_id": CLIENT_ID,
    },
)

print(json.dumps({
    "consent_status": consent.status_code,
    "approve_status": approved.status_code,
    "state": parse_qs(callback.query).get("state", [None])[0],
    "token_status": token_response.status_code,
    "token_keys": sorted(tokens.keys()),
    "token_type": tokens.get("token_type"),
    "expires_in": tokens.get("expires_in"),
    "todos_status": todos.status_code,
    "todos_is_list": isinstance(todos.json().get("data"), list),
    "user": user.json().get("message"),
    "refresh_status": refreshed.status_code,
    "new_access_differs": refreshed.json().get("access_token") not in (None, access_token),
}))
