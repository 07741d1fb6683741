import { execFileSync } from 'node:child_process';

/**
 * Credentials as Frappe's code paths leave them in `__Auth`, made here by
 * Python: passlib's `pbkdf2_sha256` format (hashlib), a PHC argon2id hash
 * (the format passlib/argon2-cffi write; computed with `cryptography`), and
 * an API secret Fernet-encrypted with the site's `encryption_key`.
 */
const VECTORS = `
import base64, hashlib, json, os
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

def ab64(raw):
    return base64.b64encode(raw).decode().rstrip("=").replace("+", ".")

def b64(raw):
    return base64.b64encode(raw).decode().rstrip("=")

salt = os.urandom(16)
pbkdf2 = "$pbkdf2-sha256$29000$%s$%s" % (
    ab64(salt), ab64(hashlib.pbkdf2_hmac("sha256", b"Pbkdf2-Pass-1", salt, 29000)))
salt = os.urandom(16)
digest = Argon2id(salt=salt, length=32, iterations=2, lanes=1, memory_cost=19456).derive(b"Argon2-Pass-1")
argon2 = "$argon2id$v=19$m=19456,t=2,p=1$%s$%s" % (b64(salt), b64(digest))
key = Fernet.generate_key()
token = Fernet(key).encrypt(b"frappe0secret01").decode()
print(json.dumps({"pbkdf2": pbkdf2, "argon2": argon2, "key": key.decode(), "token": token}))
`;

export interface Vectors {
  pbkdf2: string;
  argon2: string;
  key: string;
  token: string;
}

export const vectors = (): Vectors =>
  JSON.parse(execFileSync('python3', ['-c', VECTORS], { encoding: 'utf8' })) as Vectors;
