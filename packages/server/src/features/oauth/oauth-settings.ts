import type { Kysely } from 'kysely';

/** OAuth Settings (v16 single, docs/spec/oauth2.md §1.4), with our defaults (DCR off, B-O9). */
export interface OAuthSettings {
  readonly skipAuthorization: boolean;
  readonly showAuthServerMetadata: boolean;
  readonly showProtectedResourceMetadata: boolean;
  readonly enableDynamicClientRegistration: boolean;
  readonly allowedPublicClientOrigins: readonly string[];
  readonly resourceName: string;
  readonly resourceDocumentation: string;
  readonly resourcePolicyUri: string;
  readonly resourceTosUri: string;
  readonly scopesSupported: readonly string[];
}

const DOCTYPE = 'OAuth Settings';

/** Reads the single from `tabSingles`; fields never saved take their defaults. */
export async function readOAuthSettings(db: Kysely<any>): Promise<OAuthSettings> {
  const rows = await db
    .selectFrom('tabSingles')
    .select(['field', 'value'])
    .where('doctype', '=', DOCTYPE)
    .execute();
  const values = new Map(rows.map((row) => [String(row.field), row.value as unknown]));
  const flag = (field: string, fallback: boolean) => {
    const value = values.get(field);
    return value === undefined || value === null || value === '' ? fallback : Number(value) === 1;
  };
  const text = (field: string) => String(values.get(field) ?? '').trim();
  const lines = (field: string) => text(field).split(/\s+/).filter(Boolean);
  return {
    skipAuthorization: flag('skip_authorization', false),
    showAuthServerMetadata: flag('show_auth_server_metadata', true),
    showProtectedResourceMetadata: flag('show_protected_resource_metadata', true),
    enableDynamicClientRegistration: flag('enable_dynamic_client_registration', false),
    allowedPublicClientOrigins: lines('allowed_public_client_origins'),
    resourceName: text('resource_name'),
    resourceDocumentation: text('resource_documentation'),
    resourcePolicyUri: text('resource_policy_uri'),
    resourceTosUri: text('resource_tos_uri'),
    scopesSupported: lines('scopes_supported'),
  };
}
