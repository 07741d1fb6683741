import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { DIALECTS } from '../../helpers/dialects.js';
import { JANE, type AuthTestApp } from '../auth/auth.fixtures.js';
import { CHALLENGE, OAUTH, addClient, buildOAuthApp, listen } from './oauth.fixtures.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../helpers/chromium.js';

/*
 * A real browser (Debian's chromium, driven by playwright-core; nothing is
 * downloaded) takes a Guest from authorize to the login page, logs in and
 * allows access using only the keyboard, and lands on the redirect URI with
 * a code. One dialect is enough: the pages do not depend on the database.
 */

const dialect = DIALECTS.includes('sqlite') ? 'sqlite' : DIALECTS[0];

describe(`login and consent pages in a headless browser (${dialect})`, () => {
  let t: AuthTestApp;
  let base: string;
  let profile: string;
  let browser: BrowserContext;
  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package`);
    t = await buildOAuthApp(dialect, { issuerFromRequest: true });
    base = await listen(t);
    profile = await mkdtemp(join(tmpdir(), 'cortado-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
    });
  });
  after(async () => {
    await browser?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    await t?.close();
  });

  it('Guest → login → consent → callback with a code, by keyboard', async () => {
    const callback = `${base}/oauth-callback`;
    const client = await addClient(t, {
      redirect_uris: callback,
      default_redirect_uri: callback,
      legacy_unauthenticated_token_exchange: 1,
    });
    const query = new URLSearchParams({
      client_id: client.name,
      response_type: 'code',
      scope: 'openid all',
      redirect_uri: callback,
      state: 'browser-state',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${base}${OAUTH}authorize?${query.toString()}`);
    assert.match(page.url(), /\/login\?redirect-to=/);
    assert.equal(await page.title(), 'Login');
    // The email field has focus and a label; Tab reaches the password, Enter submits.
    await page.keyboard.type(JANE.user);
    await page.keyboard.press('Tab');
    assert.equal(await page.getByLabel('Password').evaluate((el) => el.matches(':focus')), true);
    await page.keyboard.type(JANE.pwd);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname.endsWith('oauth2.authorize'));
    assert.equal(await page.title(), 'Confirm Access');
    assert.ok(await page.getByText('Test App').isVisible());
    // Allow has focus: Enter approves.
    const landing = page.waitForURL(/\/oauth-callback\?/);
    await page.keyboard.press('Enter');
    await landing;
    const url = new URL(page.url());
    assert.match(url.searchParams.get('code') ?? '', /^[A-Za-z0-9]{30}$/);
    assert.equal(url.searchParams.get('state'), 'browser-state');
    assert.deepEqual(
      errors.filter((text) => /Content Security Policy|Refused/.test(text)),
      [],
      'the pages run within their CSP',
    );
  });

  it('a wrong password shows an announced error and keeps the redirect', async () => {
    const page = await browser.newPage();
    await browser.clearCookies();
    await page.goto(`${base}/login?redirect-to=${encodeURIComponent('/api/method/ping')}`);
    await page.getByLabel('Email or username').fill(JANE.user);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForSelector('[role=alert]');
    assert.match(await page.getByRole('alert').innerText(), /Invalid login credentials/);
    await page.getByLabel('Password').fill(JANE.pwd);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForURL((url) => url.pathname === '/api/method/ping');
  });
});
