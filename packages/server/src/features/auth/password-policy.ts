import { ValidationError } from '../../core/errors/index.js';
import type { AuthSettings } from './auth-settings.js';
import { isComparable, MAX_PASSWORD_LENGTH } from './passwords.js';

/**
 * A rough 0–4 strength score in the spirit of zxcvbn (which Frappe uses):
 * length and character variety, minus obvious repetition. It is not zxcvbn;
 * it only has to order passwords sensibly for `minimum_password_score`.
 */
export function passwordScore(password: string): number {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const unique = new Set(password).size;
  let score = 0;
  if (password.length >= 8) score += 1;
  if (password.length >= 12) score += 1;
  if (classes >= 3) score += 1;
  if (classes === 4 || password.length >= 16) score += 1;
  if (unique < Math.min(password.length, 6)) score = Math.min(score, 1);
  return score;
}

/**
 * Checks a new password: never empty nor over 512 characters; with System
 * Settings `enable_password_policy`, at least `minimum_password_score`
 * (417 "Invalid Password", auth.md §8). Not applied at login.
 */
export function checkPasswordPolicy(
  password: string,
  settings: Pick<AuthSettings, 'enablePasswordPolicy' | 'minimumPasswordScore'>,
): void {
  if (password.length === 0)
    throw new ValidationError('Password cannot be empty', { title: 'Invalid Password' });
  if (!isComparable(password)) {
    throw new ValidationError('Password cannot contain a NUL character', {
      title: 'Invalid Password',
    });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new ValidationError('Password size exceeded the maximum allowed size', {
      title: 'Invalid Password',
    });
  }
  if (settings.enablePasswordPolicy && passwordScore(password) < settings.minimumPasswordScore) {
    throw new ValidationError(
      'Password is too weak. Use a longer password with upper and lower case letters, digits and symbols.',
      { title: 'Invalid Password' },
    );
  }
}
