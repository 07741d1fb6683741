import { after, before, describe } from 'node:test';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { itResolvedScenarios } from '../resource/resource.fixtures.js';
import type { ApiScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

/*
 * Core controllers clients rely on: Contact copies its primary e-mail and
 * numbers to the parent fields and refuses two primaries.
 */

const ADMIN = { 'x-test-user': 'Administrator' };
const PORTAL = { 'x-test-user': 'portal@example.com' };

const contact = (values: Record<string, unknown>) => ({
  first_name: 'Ann',
  last_name: 'Lee',
  ...values,
});

const scenarios: ApiScenario[] = [
  {
    name: 'Contact: primary e-mail, phone and mobile copied to the parent, full name built',
    method: 'POST',
    url: '/api/resource/Contact',
    headers: ADMIN,
    body: contact({
      middle_name: ' B ',
      email_ids: [
        { email_id: 'other@example.com' },
        { email_id: ' ann@example.com ', is_primary: 1 },
      ],
      phone_nos: [
        { phone: '+1 555 0100', is_primary_phone: 1 },
        { phone: '+1 555 0199', is_primary_mobile_no: 1 },
      ],
    }),
    status: 200,
    contains: [
      {
        data: {
          full_name: 'Ann B Lee',
          email_id: 'ann@example.com',
          phone: '+1 555 0100',
          mobile_no: '+1 555 0199',
        },
      },
    ],
  },
  {
    name: 'Contact: no primary row leaves the parent fields empty, whatever was sent',
    method: 'POST',
    url: '/api/resource/Contact',
    headers: ADMIN,
    body: contact({ email_id: 'typed@example.com', email_ids: [{ email_id: 'x@example.com' }] }),
    status: 200,
    notContains: ['typed@example.com'],
  },
  {
    name: 'Contact: two primary e-mails are refused, nothing is written',
    method: 'POST',
    url: '/api/resource/Contact',
    headers: ADMIN,
    body: contact({
      first_name: 'Twice',
      email_ids: [
        { email_id: 'a@example.com', is_primary: 1 },
        { email_id: 'b@example.com', is_primary: 1 },
      ],
    }),
    status: 417,
    contains: [{ exc_type: 'ValidationError' }, 'Only one'],
  },
  {
    name: 'Contact: two primary mobile numbers are refused',
    method: 'POST',
    url: '/api/resource/Contact',
    headers: ADMIN,
    body: contact({
      phone_nos: [
        { phone: '1', is_primary_mobile_no: 1 },
        { phone: '2', is_primary_mobile_no: 1 },
      ],
    }),
    status: 417,
    contains: ['Mobile No'],
  },
  {
    name: 'Contact: nothing was written by the refused requests',
    url: `/api/method/frappe.client.get_count?doctype=Contact&filters=${encodeURIComponent(JSON.stringify({ first_name: 'Twice' }))}`,
    headers: ADMIN,
    status: 200,
    contains: [{ message: 0 }],
  },
  {
    name: 'Contact: a user may create their own contact (All, if_owner)',
    method: 'POST',
    url: '/api/resource/Contact',
    headers: PORTAL,
    body: contact({ email_ids: [{ email_id: 'p@example.com', is_primary: 1 }] }),
    status: 200,
    contains: [{ data: { email_id: 'p@example.com', owner: 'portal@example.com' } }],
  },
];

for (const dialect of DIALECTS) {
  describe(`core controllers on ${dialect}`, () => {
    let app: TestApp;
    before(async () => {
      app = await buildTestApp({ dialect, migrate: true });
      await withContext(app.site, 'Administrator', async (ctx) => {
        await insertDoc(ctx, {
          doctype: 'User',
          email: 'portal@example.com',
          first_name: 'Portal',
          send_welcome_email: 0,
        });
      });
    });
    after(() => app?.close());
    itResolvedScenarios(scenarios, () => ({ app, names: {} }));
  });
}
