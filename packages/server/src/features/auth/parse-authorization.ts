import { InvalidAuthorizationToken } from '../../core/errors/index.js';

/** What an `Authorization` header asks for (docs/spec/auth.md §2.1–§2.2). */
export type AuthorizationClaim =
  /** Not exactly two space-separated parts: ignored, the request keeps its session. */
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'key'; readonly apiKey: string; readonly apiSecret: string }
  /** Two parts that name no usable credential (`token nocolon`, `Negotiate x`): 401 unless someone is logged in. */
  | { readonly kind: 'unusable' };

/**
 * Parses Frappe's header shapes: `Bearer <token>`, `token <key>:<secret>`,
 * `Basic base64(<key>:<secret>)`, schemes case-insensitive, exactly one
 * space. A Basic credential that is not base64 is Frappe's 400
 * `InvalidAuthorizationToken`.
 *
 * @example
 * parseAuthorization('token k1:s1'); // { kind: 'key', apiKey: 'k1', apiSecret: 's1' }
 */
export function parseAuthorization(header: string | undefined): AuthorizationClaim {
  const parts = header?.split(' ');
  if (parts?.length !== 2) return { kind: 'none' };
  const [scheme = '', credential = ''] = parts;
  switch (scheme.toLowerCase()) {
    case 'bearer':
      return { kind: 'bearer', token: credential };
    case 'token':
      return keyPair(credential);
    case 'basic':
      return keyPair(decodeBasic(credential));
    default:
      return { kind: 'unusable' };
  }
}

function keyPair(credential: string): AuthorizationClaim {
  const pieces = credential.split(':');
  if (pieces.length !== 2) return { kind: 'unusable' };
  const [apiKey = '', apiSecret = ''] = pieces;
  return { kind: 'key', apiKey, apiSecret };
}

/**
 * Python's non-strict `b64decode`: characters outside the alphabet are
 * dropped, but the padding must come out right.
 */
function decodeBasic(credential: string): string {
  const cleaned = credential.replace(/[^A-Za-z0-9+/=]/g, '');
  const body = cleaned.replace(/=+$/, '');
  const validPadding = cleaned.length % 4 === 0 && !body.includes('=') && body.length % 4 !== 1;
  if (!validPadding) {
    throw new InvalidAuthorizationToken(
      'Failed to decode token, please provide a valid base64-encoded token.',
      {
        title: 'Invalid Authorization Token',
      },
    );
  }
  return Buffer.from(body, 'base64').toString('utf8');
}
