/**
 * Site configuration: `common_site_config.json` merged under the site's own
 * `site_config.json`, then environment overrides. Key names are Frappe's.
 * Defaults and descriptions live in `defaults.ts`.
 */
export interface SiteConfig {
  readonly db_type: 'sqlite' | 'postgres' | 'mariadb';
  readonly db_host: string;
  readonly db_port: number | null;
  readonly db_name: string;
  readonly db_user: string | null;
  readonly db_password: string | null;
  /** SQLite file, relative to the site folder. */
  readonly db_file: string;
  readonly encryption_key: string | null;
  readonly developer_mode: boolean;
  /** `"*"`, one origin, or a list of origins. */
  readonly allow_cors: string | readonly string[] | null;
  /** Global limiter: `{limit, window}` (requests per window seconds). */
  readonly rate_limit: { readonly limit: number; readonly window: number } | null;
  readonly max_file_size: number;
  readonly redis_cache: string | null;
  readonly redis_queue: string | null;
  readonly host_name: string | null;
  /** npm package names of apps installed besides the core app. */
  readonly installed_apps?: readonly string[];
  readonly webserver_port?: number;
  readonly gunicorn_workers?: number | null;
  readonly log_level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly [key: string]: unknown;
}
