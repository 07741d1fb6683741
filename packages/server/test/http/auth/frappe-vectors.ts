import { execFileSync } from 'node:child_process';
import { DEBIAN_PYTHON } from '../../helpers/debian-python.js';

/**
 * Credentials as Frappe's code paths leave them in `__Auth`, made here by
 * Debian's Python with the libraries Frappe uses: password hashes from
 * passlib's `CryptContext` over `pbkdf2_sha256` (Frappe's default scheme)
 * and `argon2` (argon2-cffi as passlib's backend, with passlib's default
 * parameters), and an API secret Fernet-encrypted (`cryptography`) with the
 * site's `encryption_key`. Nothing here is computed by our own code.
 */
const VECTORS = `
import json
from cryptography.fernet import Fernet
from passlib.context import CryptContext

frappe_context = CryptContext(schemes=["pbkdf2_sha256", "argon2"])
key = Fernet.generate_key()
print(json.dumps({
    "pbkdf2": frappe_context.hash("Pbkdf2-Pass-1"),
    "argon2": frappe_context.hash("Argon2-Pass-1", scheme="argon2"),
    "key": key.decode(),
    "token": Fernet(key).encrypt(b"frappe0secret01").decode(),
}))
`;

export interface Vectors {
  pbkdf2: string;
  argon2: string;
  key: string;
  token: string;
}

export const vectors = (): Vectors =>
  JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', VECTORS], { encoding: 'utf8' })) as Vectors;
