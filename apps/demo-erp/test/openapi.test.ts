import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import {
  createLogger,
  createSite,
  dropSite,
  generateUserApiKeys,
  startServer,
  type RunningServer,
} from '@cortado/server';
import { seedDemoData } from '../src/seed/seed-demo-data.js';
import { checkGetOperations } from './openapi-contract.js';
import { DIALECTS, createUser } from './demo-site.js';

const SMALL = { customers: 3, items: 3, salesOrders: 2, salesInvoices: 3 };

/*
 * The demo site's OpenAPI document, per user, checked by a real validator,
 * then kept to its word: every GET operation it declares is called on a
 * listening server with the declared examples, and every answer is checked
 * against the declared responses.
 */
for (const dialect of DIALECTS) {
  describe(`OpenAPI on the demo site (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortado-openapi-'));
    const name = `oa${randomBytes(4).toString('hex')}.localhost`;
    let server: RunningServer;
    const auth: Record<string, Record<string, string>> = { Guest: {} };

    before(async () => {
      const { site } = await createSite(dir, name, {
        config: { db_type: dialect, installed_apps: ['@cortado/demo-erp'] },
        adminPassword: 'admin',
      });
      await seedDemoData(site, { size: SMALL });
      const sales = await createUser(site, 'seller@example.com', ['Sales User']);
      for (const user of ['Administrator', sales]) {
        const keys = await generateUserApiKeys(site, user);
        auth[user === sales ? 'Sales User' : user] = {
          authorization: `token ${keys.api_key}:${keys.api_secret}`,
        };
      }
      await site.db.close();
      server = await startServer({
        sitesDir: dir,
        port: 0,
        defaultSite: name,
        handleSignals: false,
        webhookWorker: false,
        scheduler: false,
        realtime: false,
        logger: createLogger({ level: 'silent' }),
      });
    });
    after(async () => {
      await server?.stop();
      await dropSite(dir, name, { force: true });
      rmSync(dir, { recursive: true, force: true });
    });

    for (const who of ['Administrator', 'Sales User', 'Guest']) {
      it(`${who}: a valid document whose GET operations answer as declared`, async () => {
        const headers = auth[who] ?? {};
        const res = await fetch(`${server.url}/api/openapi.json`, { headers });
        assert.equal(res.status, 200);
        const document = (await res.json()) as Record<string, any>;
        const result = await new Validator().validate(document);
        assert.equal(result.valid, true, JSON.stringify(result.errors)?.slice(0, 2000));
        if (who === 'Sales User') {
          assert.ok(document.paths['/api/resource/Sales%20Order']);
          assert.equal(document.paths['/api/resource/Payment%20Entry'], undefined);
        }
        if (who !== 'Guest') {
          const balance = document.paths['/api/method/demo_erp.api.get_customer_balance'].get;
          assert.equal(balance.parameters[0].schema.type, 'string');
          assert.ok(
            balance.responses['200'].content['application/json'].schema.properties.message
              .properties.outstanding_amount,
          );
        }
        const { findings, statuses } = await checkGetOperations(server.url, headers, document);
        assert.deepEqual(findings, []);
        // The declared examples make working requests, not just well-formed errors.
        const documents = [...statuses].filter(([path]) =>
          /^\/api\/(resource|v2\/document|v2\/doctype)\//.test(path),
        );
        assert.equal(documents.length > 0, who !== 'Guest');
        for (const [path, status] of documents)
          if (!path.endsWith('/{name}') || path.includes('Customer'))
            assert.equal(status, 200, path);
        assert.equal(statuses.get('/api/method/ping'), 200);
        // The checker itself: a document that promises the wrong answer is caught.
        const ping = structuredClone(document.paths['/api/method/ping']);
        ping.get.responses['200'].content['application/json'].schema.properties.message = {
          const: 'ping',
        };
        const wrong = { ...document, paths: { '/api/method/ping': ping } };
        const caught = await checkGetOperations(server.url, headers, wrong);
        assert.equal(caught.findings.length, 1);
      });
    }
  });
}
