import { pbkdf2, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The environment variable that lowers or raises scrypt's cost for new hashes. */
export const PASSWORD_HASH_COST_ENV = 'CORTADO_PASSWORD_HASH_COST';

/**
 * scrypt cost for new hashes: N = 2^ln with ln 15 by default (32 MiB, ~0.1 s
 * on one core), r = 8, p = 1, 16-byte random salt, 32-byte key. The
 * parameters are stored in each hash, so a changed cost only affects new
 * passwords, and a login rehashes an old one. `CORTADO_PASSWORD_HASH_COST`
 * sets ln (10–20) for the whole process: the test suite runs at 10, as
 * Rails and Django suites lower their hashers' cost.
 */
const SCRYPT = { ln: hashCostFrom(process.env[PASSWORD_HASH_COST_ENV]), r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** ln from the environment; anything but an integer of 10–20 stops the process at start. */
function hashCostFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 15;
  const ln = Number(value);
  if (Number.isInteger(ln) && ln >= 10 && ln <= 20) return ln;
  throw new Error(`${PASSWORD_HASH_COST_ENV} must be an integer from 10 to 20, not "${value}"`);
}

/** Frappe's longest accepted password (docs/spec/auth.md §8). */
export const MAX_PASSWORD_LENGTH = 512;

const PARAMS = `ln=${SCRYPT.ln},r=${SCRYPT.r},p=${SCRYPT.p}`;

/**
 * Hashes a login password: `$scrypt$ln=15,r=8,p=1$<salt b64>$<key b64>`.
 * Never reversible; a new salt every time.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scryptKey(password, salt, SCRYPT.ln, SCRYPT.r, SCRYPT.p, KEY_LENGTH);
  return `$scrypt$${PARAMS}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Checks a password against a stored hash in constant time. Accepts our
 * scrypt hashes and, from migrated Frappe databases, passlib's
 * `$pbkdf2-sha256$` and PHC `$argon2id$`/`$argon2i$`/`$argon2d$` hashes
 * (login rehashes those in our format); anything else does not verify.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (!isComparable(password)) return false;
  if (stored.startsWith('$scrypt$')) return verifyScrypt(password, stored);
  if (stored.startsWith('$pbkdf2-sha256$')) return verifyPbkdf2(password, stored);
  if (/^\$argon2(id|i|d)\$/.test(stored)) return verifyArgon2(password, stored);
  return false;
}

/** A malformed argon2 string is a non-match, not an error. */
async function verifyArgon2(password: string, stored: string): Promise<boolean> {
  const { verify } = await import('@node-rs/argon2');
  return verify(stored, password).catch(() => false);
}

/**
 * Whether a password's bytes decide the hash. scrypt and PBKDF2 key HMAC
 * with the password, and HMAC pads a short key with zero bytes, so
 * `secret` and `secret\u0000` hash alike. A NUL is therefore never part of
 * a password: setting one is refused and a login with one never verifies.
 */
export function isComparable(password: string): boolean {
  return !password.includes('\u0000');
}

/** True when a stored hash should be recomputed with today's parameters after a successful login. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(`$scrypt$${PARAMS}$`);
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password nobody knows, at today's cost, to verify
 * against when the user does not exist, so an unknown user costs as much
 * time as a wrong password (auth.md B-8). Made once per process.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64'));
  return dummyHash;
}

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, , params = '', saltText = '', keyText = ''] = stored.split('$');
  const values = Object.fromEntries(params.split(',').map((pair) => pair.split('=')));
  const ln = Number(values.ln);
  const r = Number(values.r);
  const p = Number(values.p);
  if (![ln, r, p].every((n) => Number.isInteger(n) && n > 0) || ln > 20) return false;
  const expected = Buffer.from(keyText, 'base64');
  if (expected.length === 0) return false;
  const actual = await scryptKey(
    password,
    Buffer.from(saltText, 'base64'),
    ln,
    r,
    p,
    expected.length,
  );
  return timingSafeEqual(actual, expected);
}

function scryptKey(
  password: string,
  salt: Buffer,
  ln: number,
  r: number,
  p: number,
  length: number,
): Promise<Buffer> {
  const N = 2 ** ln;
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** passlib's modular format: `$pbkdf2-sha256$<rounds>$<ab64 salt>$<ab64 checksum>`. */
async function verifyPbkdf2(password: string, stored: string): Promise<boolean> {
  const [, , roundsText = '', saltText = '', checksumText = ''] = stored.split('$');
  const rounds = Number(roundsText);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10_000_000) return false;
  const expected = fromAdaptedBase64(checksumText);
  if (expected.length === 0) return false;
  const actual = await new Promise<Buffer>((resolve, reject) => {
    pbkdf2(
      password,
      fromAdaptedBase64(saltText),
      rounds,
      expected.length,
      'sha256',
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
  return timingSafeEqual(actual, expected);
}

/** passlib's "adapted base64": `.` for `+`, no padding. */
function fromAdaptedBase64(text: string): Buffer {
  return Buffer.from(text.replaceAll('.', '+'), 'base64');
}
