import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  createSite,
  dropSite,
  insertDoc,
  startServer,
  withContext,
  type RunningServer,
  type Site,
} from '@cortado/server';
import { seedDemoData } from '@cortado/demo-erp/seed';
import { waitFor } from '@cortado/server/test/helpers/wait-for.js';
import { buildDesk, type DeskBuild } from './build-desk.js';
import { checkAccessibility } from './axe.js';
import { CHROMIUM, CHROMIUM_ARGS } from '@cortado/server/test/helpers/chromium.js';
import { plain, startSmtp, type SmtpSink } from '@cortado/server/test/helpers/smtp-sink.js';
import { sourceFile } from '@cortado/server/test/helpers/source-tree.js';

/*
 * The Desk in Debian's Chromium (playwright-core, no browser download)
 * against a real server with the demo app: one browser and one site for the
 * whole file. Each step saves a screenshot under test-results/desk-e2e/ and
 * runs axe-core on its page. The Desk talks only to the public API, so one
 * database (SQLite) is enough here; the API has its own tests per dialect.
 */

const SHOTS = fileURLToPath(new URL('../test-results/desk-e2e/', sourceFile(import.meta.url)));
const ADMIN_PASSWORD = 'admin-Desk-2026!';
const SALES_USER = 'sales.desk@example.com';
const SALES_PASSWORD = 'sales-Desk-2026!';
/** A user whose role asks for a second factor (an authenticator app). */
const OTP_USER = 'otp.desk@example.com';
const OTP_PASSWORD = 'otp-Desk-2026!';
const OTP_ROLE = 'Desk Two Factor';
/** Generous: a loaded 2-core machine renders slowly, and a failing wait only costs time. */
const WAIT = { timeout: 30_000 };

interface Receiver {
  readonly server: Server;
  readonly url: string;
  readonly bodies: string[];
}

function startReceiver(): Promise<Receiver> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}/hook`, bodies });
    }),
  );
}

describe('the Desk in a real browser', () => {
  let dir: string;
  let siteName: string;
  let site: Site;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let desk: DeskBuild;
  let receiver: Receiver;
  let smtp: SmtpSink;
  let step = 0;

  async function shot(name: string, target: Page = page): Promise<void> {
    step += 1;
    await target.screenshot({ path: join(SHOTS, `${String(step).padStart(2, '0')}-${name}.png`) });
    await checkAccessibility(target, name);
  }

  async function login(target: Page, usr: string, pwd: string): Promise<void> {
    await target.goto(`${server.url}/app`);
    await target.getByLabel('Email or user name').fill(usr);
    await target.getByLabel('Password').fill(pwd);
    await target.getByRole('button', { name: 'Login' }).click();
    await target.getByRole('heading', { name: 'Home' }).waitFor(WAIT);
  }

  before(async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'cortado-desk-'));
    receiver = await startReceiver();
    smtp = await startSmtp();
    desk = await buildDesk(join(dir, 'desk'));
    siteName = `desk${randomBytes(4).toString('hex')}.localhost`;
    ({ site } = await createSite(join(dir, 'sites'), siteName, {
      config: {
        db_type: 'sqlite',
        installed_apps: ['@cortado/demo-erp'],
        webhook_allowed_hosts: ['127.0.0.1'],
        mail_server: '127.0.0.1',
        mail_port: smtp.port,
      },
      adminPassword: ADMIN_PASSWORD,
    }));
    await seedDemoData(site, {
      size: { customers: 12, items: 12, salesOrders: 10, salesInvoices: 30 },
    });
    await withContext(site, 'Administrator', (ctx) =>
      insertDoc(ctx, {
        doctype: 'User',
        email: SALES_USER,
        first_name: 'Sales',
        new_password: SALES_PASSWORD,
        roles: [{ doctype: 'Has Role', role: 'Sales User' }],
      }),
    );
    await withContext(site, 'Administrator', async (ctx) => {
      await insertDoc(ctx, {
        doctype: 'Role',
        role_name: OTP_ROLE,
        desk_access: 1,
        two_factor_auth: 1,
      });
      await insertDoc(ctx, {
        doctype: 'User',
        email: OTP_USER,
        first_name: 'Otp',
        new_password: OTP_PASSWORD,
        roles: [{ doctype: 'Has Role', role: OTP_ROLE }],
      });
    });
    await site.db.close();
    server = await startServer({
      sitesDir: join(dir, 'sites'),
      defaultSite: siteName,
      port: 0,
      deskRoot: desk.outDir,
      handleSignals: false,
      scheduler: false,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // A form with unsaved input asks before the tab leaves it; the steps here move on on purpose.
    page.on('dialog', (dialog) => void dialog.accept());
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    receiver?.server.close();
    await smtp?.close();
    if (siteName) await dropSite(join(dir, 'sites'), siteName, { force: true }).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds with a first load under 200 kB of JavaScript gzip', () => {
    console.log(`Desk first load: ${(desk.firstLoadGzipBytes / 1024).toFixed(1)} kB JS gzip`);
    assert.ok(desk.firstLoadGzipBytes < 200 * 1024, `${desk.firstLoadGzipBytes} bytes`);
  });

  it('answers /app routes with the page and refuses paths out of the build', async () => {
    const deep = await fetch(`${server.url}/app/sales-invoice/ACC-SINV-X`);
    assert.equal(deep.status, 200);
    assert.match(await deep.text(), /<div id="app">/);
    const escape = await fetch(`${server.url}/app/assets/..%2f..%2fsites`);
    assert.equal(escape.status, 404);
  });

  it('logs in', async () => {
    await page.goto(`${server.url}/app`);
    await page.getByRole('heading', { name: 'Login to Cortado' }).waitFor(WAIT);
    await shot('login-page');
    await page.getByLabel('Email or user name').fill('Administrator');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Login' }).click();
    await page.getByRole('alert').waitFor(WAIT);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor(WAIT);
    await shot('home');
  });

  it('logs in with a second factor from an authenticator app; a wrong code is refused', async () => {
    await api('/api/resource/System Settings/System Settings', 'PUT', {
      enable_two_factor_auth: 1,
      two_factor_method: 'OTP App',
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const otpPage = await context.newPage();
    try {
      const seen = smtp.mails.length;
      await otpPage.goto(`${server.url}/app`);
      await otpPage.getByLabel('Email or user name').fill(OTP_USER);
      await otpPage.getByLabel('Password').fill(OTP_PASSWORD);
      await otpPage.getByRole('button', { name: 'Login' }).click();
      // The first login mails the authenticator set-up (otpauth:// link and QR code).
      await otpPage.getByLabel('Verification code').waitFor(WAIT);
      await otpPage.getByText('Please check your registered email address').waitFor(WAIT);
      const mail = await smtp.nth(seen, 30_000);
      assert.equal(mail.to, OTP_USER);
      const secret = /[?&]secret=([A-Z2-7]+)/.exec(plain(mail.raw))?.[1] ?? '';
      assert.ok(secret.length >= 32, 'the set-up mail carries the secret');
      await shot('two-factor-step', otpPage);

      const code = TOTP.generate({ secret: Secret.fromBase32(secret) });
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      await otpPage.getByLabel('Verification code').fill(wrong);
      await otpPage.getByRole('button', { name: 'Verify' }).click();
      await otpPage.getByRole('alert').getByText('Incorrect Verification code').waitFor(WAIT);
      assert.equal(await otpPage.getByRole('heading', { name: 'Home' }).count(), 0);
      await shot('two-factor-wrong-code', otpPage);

      await otpPage
        .getByLabel('Verification code')
        .fill(TOTP.generate({ secret: Secret.fromBase32(secret) }));
      await otpPage.getByRole('button', { name: 'Verify' }).click();
      await otpPage.getByRole('heading', { name: 'Home' }).waitFor(WAIT);
      assert.equal((await otpPage.getByTestId('current-user').textContent())?.trim(), OTP_USER);
    } finally {
      await context.close();
    }
  });

  it('lists and filters Sales Invoices without a request waterfall', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const api = (url: string) => url.includes('/api/');
    page.on('request', (request) => api(request.url()) && started.push(performance.now()));
    page.on('requestfinished', (request) => api(request.url()) && finished.push(performance.now()));
    await page.getByRole('link', { name: 'Sales Invoice', exact: true }).click();
    await page.getByTestId('list-row').first().waitFor(WAIT);
    page.removeAllListeners('request');
    page.removeAllListeners('requestfinished');
    assert.ok(started.length >= 3, `${started.length} requests`);
    assert.ok(Math.max(...started) < Math.min(...finished), 'every list request leaves at once');
    await page.getByTestId('list-count').getByText('30 records').waitFor(WAIT);
    await shot('sales-invoice-list');

    await page.getByLabel('Field').selectOption('status');
    await page.getByLabel('Condition').selectOption('=');
    await page.getByLabel('Value').fill('Paid');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.waitForURL(/filters=/, WAIT);
    await page.getByTestId('list-row').first().waitFor(WAIT);
    const statuses = await page
      .getByTestId('list-row')
      .evaluateAll((rows) => rows.map((row) => row.textContent ?? ''));
    assert.ok(
      statuses.length > 0 && statuses.every((text) => text.includes('Paid')),
      String(statuses),
    );
    await shot('sales-invoice-filtered');
  });

  it('opens a Sales Invoice', async () => {
    const first = page.getByTestId('list-row').first().getByRole('link');
    const name = (await first.textContent())?.trim() ?? '';
    await first.click();
    await page.getByTestId('form-title').getByText(name).waitFor(WAIT);
    await page.getByTestId('doc-status').getByText('Submitted').waitFor(WAIT);
    await page.getByTestId('grid-items').waitFor(WAIT);
    await shot('sales-invoice-form');
  });

  it('creates a Sales Order with two items and submits it', async () => {
    await page.goto(`${server.url}/app/sales-order/new`);
    await page.getByTestId('form-title').getByText('New Sales Order').waitFor(WAIT);
    const year = new Date().getFullYear();
    await page.getByLabel('Customer', { exact: true }).fill(`CUST-${year}-00001`);
    await page.getByLabel('Company', { exact: true }).fill('Cortado Demo Ltd');
    await page.getByLabel('Delivery Date').fill('2099-12-31');
    const grid = page.getByTestId('grid-items');
    for (const [index, [item, qty, rate]] of [
      ['ITM-0001', '4', '12.5'],
      ['ITM-0002', '1', '99'],
    ].entries()) {
      await page.getByRole('button', { name: 'Add row' }).click();
      await grid.locator(`#grid-items-${index}-item_code`).fill(item!);
      await grid.locator(`#grid-items-${index}-qty`).fill(qty!);
      await grid.locator(`#grid-items-${index}-rate`).fill(rate!);
    }
    await shot('sales-order-new');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/app\/sales-order\/SAL-ORD-/, WAIT);
    // The saved order opens under its new name as a Draft.
    await page.getByTestId('doc-status').getByText('Draft').waitFor(WAIT);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('alertdialog').waitFor(WAIT);
    await shot('sales-order-submit-dialog');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Submit' }).click();
    await page.getByTestId('doc-status').getByText('Submitted').waitFor(WAIT);
    await shot('sales-order-submitted');
    const name = decodeURIComponent(page.url().split('/').pop() ?? '');
    const stored = await api(`/api/resource/Sales%20Order/${encodeURIComponent(name)}`);
    assert.equal(stored['docstatus'], 1);
    assert.deepEqual(
      (stored['items'] as Record<string, unknown>[]).map((row) => row['item_code']),
      ['ITM-0001', 'ITM-0002'],
    );
  });

  it('keeps the input after a validation error', async () => {
    await page.goto(`${server.url}/app/sales-order/new`);
    await page.getByTestId('form-title').getByText('New Sales Order').waitFor(WAIT);
    await page.getByLabel('Delivery Date').fill('2099-01-15');
    await page.getByLabel('Company', { exact: true }).fill('No Such Company');
    await page.getByRole('button', { name: 'Save' }).click();
    const banner = page.getByTestId('error-banner');
    await banner.waitFor(WAIT);
    assert.equal(await banner.getAttribute('data-kind'), 'validation');
    assert.equal(await page.getByLabel('Delivery Date').inputValue(), '2099-01-15');
    assert.equal(await page.getByLabel('Company', { exact: true }).inputValue(), 'No Such Company');
    await shot('validation-error');
  });

  it('keeps the input when someone else saved first (TimestampMismatchError)', async () => {
    const year = new Date().getFullYear();
    const draft = await api('/api/resource/Customer', 'POST', {
      customer_name: 'Desk Conflict Ltd',
      customer_group: 'Commercial',
      territory: 'Netherlands',
    });
    const name = String(draft['name']);
    await page.goto(`${server.url}/app/customer/${encodeURIComponent(name)}`);
    await page.getByTestId('form-title').getByText(name).waitFor(WAIT);
    await page.getByLabel('Customer Name').fill(`Mine ${year}`);
    // Another session saves the same document first: its `modified` moves on.
    await api(`/api/resource/Customer/${encodeURIComponent(name)}`, 'PUT', {
      customer_name: 'Renamed elsewhere',
    });
    // The live update says so at once, and keeps what was typed.
    await page.getByText('This form has been modified after you have loaded it').waitFor(WAIT);
    await page.getByRole('button', { name: 'Save' }).click();
    const banner = page.getByTestId('error-banner');
    await banner.getByText('reload to see the other version').waitFor(WAIT);
    assert.equal(await banner.getAttribute('data-kind'), 'conflict');
    assert.equal(await page.getByLabel('Customer Name').inputValue(), `Mine ${year}`);
    await shot('timestamp-mismatch');
  });

  it('shows changes made elsewhere live, in a list and in an untouched form', async () => {
    await page.goto(`${server.url}/app/customer`);
    const count = page.getByTestId('list-count');
    await count.waitFor(WAIT);
    const before = Number((await count.textContent())?.match(/\d+/)?.[0]);
    const made = await api('/api/resource/Customer', 'POST', {
      customer_name: 'Live Ltd',
      customer_group: 'Commercial',
      territory: 'Netherlands',
    });
    await count.getByText(`${before + 1} records`).waitFor(WAIT);
    const name = String(made['name']);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByTestId('form-title').getByText(name).waitFor(WAIT);
    await api(`/api/resource/Customer/${encodeURIComponent(name)}`, 'PUT', {
      customer_name: 'Live Ltd, renamed',
    });
    await page.getByTestId('notice').getByText('Updated by someone else').waitFor(WAIT);
    assert.equal(await page.getByLabel('Customer Name').inputValue(), 'Live Ltd, renamed');
    await shot('live-update');
  });

  it('keeps the input when the connection is lost, then when the session has expired', async () => {
    await page.reload();
    await page.getByLabel('Customer Name').waitFor(WAIT);
    await page.context().setOffline(true);
    try {
      await page.getByLabel('Customer Name').fill('Typed while offline');
      await page.getByRole('button', { name: 'Save' }).click();
      const banner = page.getByTestId('error-banner');
      await banner.waitFor(WAIT);
      assert.equal(await banner.getAttribute('data-kind'), 'offline');
      assert.equal(await page.getByLabel('Customer Name').inputValue(), 'Typed while offline');
      await shot('connection-lost');
    } finally {
      await page.context().setOffline(false);
    }
    // The session ends elsewhere (another tab logs out): the next save finds it expired.
    const cookies = await page.context().cookies(server.url);
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const out = await fetch(`${server.url}/api/method/logout`, {
      method: 'POST',
      headers: { Cookie: cookie },
    });
    assert.equal(out.status, 200);
    await page.getByLabel('Customer Name').fill('Typed after the session ended');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('error-banner').and(page.locator('[data-kind="session"]')).waitFor(WAIT);
    assert.equal(
      await page.getByLabel('Customer Name').inputValue(),
      'Typed after the session ended',
    );
    await page.getByText('Your session has expired. Your unsaved changes are kept').waitFor(WAIT);
    await shot('session-expired');
    await login(page, 'Administrator', ADMIN_PASSWORD);
  });

  it('shows a Sales User what they may not do', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    try {
      await login(phone, SALES_USER, SALES_PASSWORD);
      assert.equal(await phone.getByRole('navigation', { name: 'Administration' }).count(), 0);
      await phone.goto(`${server.url}/app/payment-entry`);
      const banner = phone.getByTestId('error-banner');
      await banner.waitFor(WAIT);
      assert.equal(await banner.getAttribute('data-kind'), 'permission');
      await shot('sales-user-permission-error', phone);
      await phone.goto(`${server.url}/app/sales-invoice`);
      await phone.getByTestId('list-row').first().getByRole('link').click();
      await phone.getByTestId('doc-status').waitFor(WAIT);
      assert.equal(await phone.getByRole('button', { name: 'Save' }).count(), 0);
      assert.equal(await phone.getByRole('button', { name: 'Cancel' }).count(), 0);
      const overflow = Number(
        await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
      await shot('sales-user-read-only-invoice', phone);
    } finally {
      await context.close();
    }
  });

  it('grants a role read in the Role Permissions Manager, and restores the original rules', async () => {
    await page.goto(`${server.url}/app`);
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Role Permissions Manager' })
      .click();
    await page.getByRole('heading', { name: 'Role Permissions Manager' }).waitFor(WAIT);
    await page.getByLabel('Document Type').selectOption('Payment Entry');
    await page.waitForURL(/doctype=Payment/, WAIT);
    const rules = page.getByTestId('permission-rules');
    await rules.locator('tbody tr[data-rule]').first().waitFor(WAIT);
    assert.equal(await rules.locator('[data-rule^="Sales User|"]').count(), 0);
    await page.getByLabel('Role', { exact: true }).selectOption('Sales User');
    await page.getByRole('button', { name: 'Add a New Rule' }).click();
    const row = rules.locator('[data-rule="Sales User|0"]');
    await row.waitFor(WAIT);
    // A new rule starts with Frappe's DocPerm defaults; `update` takes it down to reading.
    assert.equal(await row.getByLabel('read for Sales User at level 0').isChecked(), true);
    for (const right of ['write', 'create', 'delete']) {
      const box = row.getByLabel(`${right} for Sales User at level 0`, { exact: true });
      await box.uncheck();
      await page.getByTestId('notice').getByText(`${right} withdrawn`).waitFor(WAIT);
      assert.equal(await box.isChecked(), false);
    }
    await shot('permission-manager');
    const custom = await api(
      `/api/resource/Custom DocPerm?fields=["role","read","write","create"]&filters=[["parent","=","Payment Entry"],["role","=","Sales User"]]`,
    );
    assert.deepEqual(custom, [{ role: 'Sales User', read: 1, write: 0, create: 0 }]);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const sales = await context.newPage();
    try {
      await login(sales, SALES_USER, SALES_PASSWORD);
      await sales.goto(`${server.url}/app/payment-entry`);
      await sales.getByTestId('list-count').waitFor(WAIT);
      assert.equal(await sales.getByTestId('error-banner').count(), 0);
      assert.equal(await sales.getByRole('link', { name: 'Add Payment Entry' }).count(), 0);

      await page.getByRole('button', { name: 'Restore Original Permissions' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Restore' }).click();
      await page.getByTestId('notice').getByText('Original permissions restored').waitFor(WAIT);
      assert.equal(await rules.locator('[data-rule^="Sales User|"]').count(), 0);
      await sales.reload();
      const banner = sales.getByTestId('error-banner');
      await banner.waitFor(WAIT);
      assert.equal(await banner.getAttribute('data-kind'), 'permission');
    } finally {
      await context.close();
    }
  });

  it("keeps a dragged column width in the user's settings, for another browser too", async () => {
    await page.goto(`${server.url}/app/customer`);
    await page.getByTestId('list-row').first().waitFor(WAIT);
    const header = page.getByRole('columnheader', { name: 'ID' });
    const box = (await header.boundingBox())!;
    // The grip of a `resize: horizontal` cell sits in its bottom right corner.
    await page.mouse.move(box.x + box.width - 3, box.y + box.height - 3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width + 120, box.y + box.height - 3, { steps: 8 });
    await page.mouse.up();
    const wanted = Math.round((await header.boundingBox())!.width);
    assert.ok(wanted > box.width + 60, `${box.width} → ${wanted}`);
    // The save leaves on mouse-up; the server has it once `get` answers it.
    await waitFor('the width in the user settings', async () => {
      const text = (await apiMessage(
        '/api/method/frappe.model.utils.user_settings.get?doctype=Customer',
      )) as string;
      const settings = JSON.parse(text) as { List?: { column_widths?: Record<string, number> } };
      return settings.List?.column_widths?.['name'] === wanted;
    });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const other = await context.newPage();
    try {
      await login(other, 'Administrator', ADMIN_PASSWORD);
      await other.goto(`${server.url}/app/customer`);
      await other.getByTestId('list-row').first().waitFor(WAIT);
      const style = await other.getByRole('columnheader', { name: 'ID' }).getAttribute('style');
      assert.match(String(style), new RegExp(`width: ${wanted}px`));
    } finally {
      await context.close();
    }
  });

  it("answers Frappe's keyboard shortcuts on lists and forms, with a help dialog", async () => {
    await page.goto(`${server.url}/app/sales-invoice`);
    await page.getByTestId('list-row').nth(1).waitFor(WAIT);
    // `?` typed into a field is text, not a shortcut.
    await page.getByLabel('Value').fill('?');
    assert.equal(await page.getByTestId('shortcuts-dialog').count(), 0);
    await page.getByLabel('Value').fill('');
    await page.getByRole('heading', { name: 'Sales Invoice' }).click();

    await page.keyboard.press('Shift+Slash');
    const help = page.getByTestId('shortcuts-dialog');
    await help.getByRole('heading', { name: 'Global Shortcuts' }).waitFor(WAIT);
    for (const text of ['Open Awesomebar', 'Navigate list down', 'New Sales Invoice'])
      await help.getByText(text).waitFor(WAIT);
    await shot('keyboard-shortcuts-dialog');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached', ...WAIT });

    // Down, Down, Space selects the second row; Enter opens it.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = (await page.getByTestId('list-row').nth(1).getByRole('link').textContent())!;
    assert.equal(await page.evaluate('document.activeElement?.dataset.listRow'), second.trim());
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Delete (1)' }).waitFor(WAIT);
    await page.keyboard.press('Enter');
    await page.getByTestId('form-title').getByText(second.trim()).waitFor(WAIT);

    // Ctrl+B: a new document of the same DocType.
    await page.keyboard.press('Control+b');
    await page.getByTestId('form-title').getByText('New Sales Invoice').waitFor(WAIT);

    // Ctrl+G: the awesome bar; a DocType's name opens its list.
    await page.keyboard.press('Control+g');
    assert.equal(await page.evaluate('document.activeElement?.id'), 'awesome-bar');
    await page.keyboard.type('Customer');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Customer', exact: true }).waitFor(WAIT);

    // Ctrl+S saves the form, from inside a field.
    await page.getByTestId('list-row').first().getByRole('link').click();
    await page.getByLabel('Customer Name').fill('Saved by keyboard');
    await page.keyboard.press('Control+s');
    await page.getByTestId('notice').getByText('Saved').waitFor(WAIT);
    await shot('keyboard-saved');

    // Ctrl+H: home.
    await page.keyboard.press('Control+h');
    await page.getByRole('heading', { name: 'Home' }).waitFor(WAIT);
  });

  it('generates API keys and shows the secret once; uploads a user image', async () => {
    await page.goto(`${server.url}/app/user/${encodeURIComponent(SALES_USER)}`);
    await page.getByRole('button', { name: 'Generate Keys' }).click();
    const secret = (await page.getByTestId('api_secret').textContent())?.trim() ?? '';
    const key = (await page.getByTestId('api_key').textContent())?.trim() ?? '';
    assert.ok(secret.length >= 10 && key.length >= 10);
    const who = await fetch(`${server.url}/api/method/frappe.auth.get_logged_user`, {
      headers: { Authorization: `token ${key}:${secret}` },
    });
    assert.deepEqual(await who.json(), { message: SALES_USER });
    await shot('api-keys');

    await page.getByLabel('Upload User Image').setInputFiles({
      name: 'avatar.png',
      mimeType: 'image/png',
      buffer: Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      ),
    });
    await page.getByTestId('attachment-link').waitFor(WAIT);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('notice').getByText('Saved').waitFor(WAIT);
    const user = await api(`/api/resource/User/${encodeURIComponent(SALES_USER)}`);
    assert.match(String(user['user_image']), /avatar/);
    await shot('user-image-uploaded');
  });

  it('creates a webhook, sees its delivery and replays it', async () => {
    await page.goto(`${server.url}/app/webhook/new`);
    await page.locator('#field-__newname').fill('Desk customers');
    await page.getByLabel('DocType', { exact: true }).fill('Customer');
    await page.getByLabel('Doc Event').selectOption('after_insert');
    await page.getByLabel('Request URL').fill(receiver.url);
    await shot('webhook-new');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/app\/webhook\/Desk/, WAIT);
    await api('/api/resource/Customer', 'POST', {
      customer_name: 'Hooked Ltd',
      customer_group: 'Commercial',
      territory: 'Netherlands',
    });
    await waitFor('the first delivery', () => receiver.bodies.length === 1);
    const log = page.getByTestId('webhook-log');
    for (let tries = 0; ; tries += 1) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      if ((await log.getByRole('button', { name: 'Replay' }).count()) > 0) break;
      if (tries > 100) throw new Error('no Webhook Request Log row appeared');
      await page.waitForTimeout(200);
    }
    await shot('webhook-log');
    await log.getByRole('button', { name: 'Replay' }).first().click();
    await page.getByTestId('webhook-message').getByText('queued again').waitFor(WAIT);
    await waitFor('the replayed delivery', () => receiver.bodies.length === 2);
    assert.equal(receiver.bodies[1], receiver.bodies[0]);
  });

  it('creates a custom DocType in the DocType editor and a record of it', async () => {
    await page.goto(`${server.url}/app/doctype/new`);
    await page.locator('#field-__newname').fill('Desk Note');
    await page.getByLabel('Module', { exact: true }).fill('Custom');
    await page.locator('#field-custom').check();
    await page.getByRole('button', { name: 'Add row' }).first().click();
    await page.locator('#grid-fields-0-label').fill('Title');
    await page.locator('#grid-fields-0-fieldtype').selectOption('Data');
    await page.locator('#grid-fields-0-fieldname').fill('title');
    await page.locator('#grid-fields-0-in_list_view').check();
    await page.getByRole('button', { name: 'Add row' }).nth(1).click();
    await page.locator('#grid-permissions-0-role').fill('System Manager');
    for (const right of ['read', 'write', 'create', 'delete'])
      await page.locator(`#grid-permissions-0-${right}`).check();
    await shot('doctype-editor');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/app\/doctype\/Desk%20Note/, WAIT);
    await page.goto(`${server.url}/app/desk-note/new`);
    await page.getByLabel('Title').fill('Written in a new DocType');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('doc-status').getByText('Draft').waitFor(WAIT);
    await page.getByRole('link', { name: 'Desk Note' }).click();
    await page.getByTestId('list-row').getByText('Written in a new DocType').waitFor(WAIT);
    await shot('custom-doctype-list');
  });

  it("generates an OAuth Client's secret and shows it once", async () => {
    const made = await api('/api/resource/OAuth Client', 'POST', {
      app_name: 'Desk client',
      scopes: 'all openid',
      default_redirect_uri: 'http://127.0.0.1/callback',
      redirect_uris: 'http://127.0.0.1/callback',
    });
    await page.goto(`${server.url}/app/oauth-client/${encodeURIComponent(String(made['name']))}`);
    await page.getByRole('button', { name: 'Generate Client Secret' }).click();
    const secret = (await page.getByTestId('client_secret').textContent())?.trim() ?? '';
    assert.ok(secret.length >= 10, secret);
    await shot('oauth-client-secret');
  });

  it('opens the administration pages from the sidebar', async () => {
    await page.goto(`${server.url}/app`);
    const nav = page.getByRole('navigation', { name: 'Administration' });
    for (const [link, heading] of [
      ['Roles', 'Role'],
      ['OAuth Clients', 'OAuth Client'],
      ['Scheduled Jobs', 'Scheduled Job Type'],
      ['Error Log', 'Error Log'],
    ] as const) {
      await nav.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, exact: true }).waitFor(WAIT);
      await page.getByText('Loading…').waitFor({ state: 'detached', ...WAIT });
      await shot(`admin-${heading.toLowerCase().replace(/ /g, '-')}`);
    }
    // A single DocType opens its one record.
    await nav.getByRole('link', { name: 'System Settings', exact: true }).click();
    await page.getByTestId('form-title').getByText('System Settings').waitFor(WAIT);
    await page.getByRole('button', { name: 'Save' }).waitFor(WAIT);
    await shot('admin-system-settings');
  });

  it('edits a Server Script in CodeMirror', async () => {
    await page.goto(`${server.url}/app/server-script/new`);
    await page.getByTestId('code-editor').first().waitFor(WAIT);
    await shot('server-script-editor');
  });

  /** A REST call as Administrator: its `data`. */
  async function api(
    path: string,
    method = 'GET',
    body?: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    return ((await call(path, method, body)) as { data: Record<string, unknown> }).data;
  }

  /** A method's `message`, called as Administrator. */
  async function apiMessage(path: string): Promise<unknown> {
    return ((await call(path)) as { message: unknown }).message;
  }

  /** A request as Administrator (token-less: the session of a fresh login); its JSON body. */
  async function call(
    path: string,
    method = 'GET',
    body?: Record<string, unknown>,
  ): Promise<unknown> {
    const login = await fetch(`${server.url}/api/method/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ usr: 'Administrator', pwd: ADMIN_PASSWORD }),
    });
    const cookie = (login.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await response.json();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
});
