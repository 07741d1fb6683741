// Prints the hash of "secret" that a fresh process makes (password-hash-cost.test.ts).
import { hashPassword } from '../../../src/features/auth/passwords.js';

process.stdout.write(await hashPassword('secret'));
