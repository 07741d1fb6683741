import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { ValidationError } from '../../core/errors/index.js';
import type { AuthSettings } from './auth-settings.js';
import { isComparable, MAX_PASSWORD_LENGTH } from './passwords.js';

let factory: Promise<ZxcvbnFactory> | undefined;

/**
 * zxcvbn with the common and English dictionaries, loaded on first use: the
 * dictionaries take seconds to parse, which no process should pay at start.
 */
function estimator(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([core, common, english]) =>
      new core.ZxcvbnFactory({
        translations: english.translations,
        graphs: common.adjacencyGraphs,
        dictionary: { ...common.dictionary, ...english.dictionary },
      }),
  );
  return factory;
}

/**
 * zxcvbn's 0–4 score of a password (Frappe scores with zxcvbn too), with its
 * warning and suggestions; `userInputs` (the user's name, e-mail) count as
 * guessable words.
 */
export async function passwordStrength(
  password: string,
  userInputs: readonly string[] = [],
): Promise<{ score: number; feedback: string }> {
  const result = (await estimator()).check(password, [...userInputs]);
  const { warning, suggestions } = result.feedback;
  return { score: result.score, feedback: [warning ?? '', ...suggestions].join(' ').trim() };
}

/**
 * Checks a new password: never empty nor over 512 characters; with System
 * Settings `enable_password_policy`, at least `minimum_password_score`
 * (417 "Invalid Password", docs/spec/auth.md §8). Not applied at login.
 */
export async function checkPasswordPolicy(
  password: string,
  settings: Pick<AuthSettings, 'enablePasswordPolicy' | 'minimumPasswordScore'>,
  userInputs: readonly string[] = [],
): Promise<void> {
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
  if (!settings.enablePasswordPolicy) return;
  const { score, feedback } = await passwordStrength(password, userInputs);
  // Frappe's message: the warning and the suggestions, joined.
  if (score < settings.minimumPasswordScore)
    throw new ValidationError(feedback || 'Password is too weak.', { title: 'Invalid Password' });
}
