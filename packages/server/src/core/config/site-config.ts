import type { CONFIG_KEYS, ConfigValueType } from './defaults.js';

/** One row of the config key table. */
type ConfigKeyRow = (typeof CONFIG_KEYS)[number];

/** The TypeScript type of a value of the given kind (booleans may be 0/1, as in Frappe's files). */
type ValueOf<T extends ConfigValueType> = T extends { readonly kind: 'string' }
  ? string
  : T extends { readonly kind: 'integer' | 'number' }
    ? number
    : T extends { readonly kind: 'boolean' }
      ? boolean | 0 | 1
      : T extends { readonly kind: 'enum'; readonly values: readonly (infer V)[] }
        ? V
        : T extends { readonly kind: 'string-or-list' }
          ? string | readonly string[]
          : T extends { readonly kind: 'string-list' }
            ? readonly string[]
            : T extends { readonly kind: 'numbers-object'; readonly fields: readonly (infer F)[] }
              ? { readonly [K in F & string]: number }
              : never;

/** Every known key with the type and nullability its row in `defaults.ts` gives it. */
type DerivedConfig = {
  readonly [Row in ConfigKeyRow as Row['key']]:
    ValueOf<Row['type']> | (Row['default'] extends null ? null : never);
};

/**
 * Site configuration: `common_site_config.json` merged under the site's own
 * `site_config.json`, then environment overrides. Key names are Frappe's.
 * The type is derived from the key table in `defaults.ts`, so a key, its
 * type and its default are written once; a key whose default is `null` may
 * be null. `db_name` is always set: unset, it is derived from the site name.
 * Keys Cortado does not know are kept for apps.
 */
export type SiteConfig = Omit<DerivedConfig, 'db_name'> & {
  readonly db_name: string;
} & { readonly [key: string]: unknown };
