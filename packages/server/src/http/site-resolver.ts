import type { Site } from '../engine/site.js';

/**
 * Finds an open site by its name (a folder name, which bench also uses as the
 * host name). Returns `undefined` for a site that does not exist.
 */
export type SiteResolver = (name: string) => Promise<Site | undefined> | Site | undefined;

/** How `buildApp` is told about sites: a resolver, or the already-open sites. */
export type SitesOption = SiteResolver | readonly Site[];

/**
 * Picks the site of a request as bench does: `X-Frappe-Site-Name` when sent
 * (and then it must exist), else the Host without its port, else the default
 * site of a single-site setup.
 */
export function createSiteSelector(sites: SitesOption, defaultSite?: string) {
  const given = typeof sites === 'function' ? sites : resolverFor(sites);
  // Names come from request headers and may reach the file system: only host-like names pass.
  const resolve = (name: string) => (SITE_NAME.test(name) ? given(name) : undefined);
  const fallback =
    defaultSite ?? (Array.isArray(sites) && sites.length === 1 ? sites[0]?.name : undefined);
  return async (
    headerName: string | undefined,
    host: string | undefined,
  ): Promise<Site | undefined> => {
    if (headerName !== undefined) return resolve(headerName);
    const byHost = host === undefined ? undefined : await resolve(stripPort(host));
    if (byHost !== undefined || fallback === undefined) return byHost;
    return resolve(fallback);
  };
}

const SITE_NAME = /^(?!.*\.\.)[a-z0-9_][a-z0-9_.-]{0,252}$/i;

function resolverFor(sites: readonly Site[]): SiteResolver {
  const byName = new Map(sites.map((site) => [site.name, site]));
  return (name) => byName.get(name);
}

function stripPort(host: string): string {
  // IPv6 literals keep their brackets: "[::1]:8000" → "[::1]".
  const match = /^(\[[^\]]*\]|[^:]*)(:\d+)?$/.exec(host);
  return (match?.[1] ?? host).toLowerCase();
}
