/**
 * Every site-config key Cortado reads, in one table: its type, default,
 * description and environment variable. `docs/configuration.md` is generated
 * from this table (`npm run docs:config`); a test fails when they differ.
 * Key names are Frappe's wherever Frappe has one.
 */

/** How a key's value is checked, and how its environment variable is parsed. */
export type ConfigValueType =
  | { readonly kind: 'string' }
  | { readonly kind: 'integer'; readonly min?: number }
  /** Any finite number, fractions allowed (durations that tests shorten below one second). */
  | { readonly kind: 'number'; readonly min?: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  /** A string or a list of strings (`allow_cors`). */
  | { readonly kind: 'string-or-list' }
  | { readonly kind: 'string-list' }
  /** An object whose listed fields are positive numbers (`rate_limit`). */
  | { readonly kind: 'numbers-object'; readonly fields: readonly string[] };

export interface ConfigKeyDefinition {
  readonly key: string;
  readonly type: ConfigValueType;
  /** `null` means "not set"; the description says what then happens. */
  readonly default: unknown;
  readonly description: string;
  /** Masked by `cortado show-config` and never logged. */
  readonly secret?: boolean;
  /** Only meaningful in `common_site_config.json`. */
  readonly commonOnly?: boolean;
}

/** `db_type` values, as `SiteConfig['db_type']`. */
export const DB_TYPES = ['sqlite', 'postgres', 'mariadb'] as const;

/** The environment variable overriding `key` for every site: `CORTADO_<KEY>`. */
export function envVarFor(key: string): string {
  return `CORTADO_${key.toUpperCase()}`;
}

/** Frappe's (v15) largest upload when neither System Settings nor the site config set one: 25 MiB. */
export const DEFAULT_MAX_FILE_SIZE = 25 * 1024 * 1024;

const string = { kind: 'string' } as const;
const boolean = { kind: 'boolean' } as const;

export const CONFIG_KEYS = [
  {
    key: 'db_type',
    type: { kind: 'enum', values: DB_TYPES },
    default: 'sqlite',
    description: 'Database engine of the site.',
  },
  {
    key: 'db_host',
    type: string,
    default: '127.0.0.1',
    description: 'Database server host (PostgreSQL, MariaDB).',
  },
  {
    key: 'db_port',
    type: { kind: 'integer', min: 1 },
    default: null,
    description: "Database server port; unset means the engine's standard port (5432, 3306).",
  },
  {
    key: 'db_name',
    type: string,
    default: null,
    description:
      'Database name (PostgreSQL, MariaDB); unset means the site name with every character other than letters, digits and `_` replaced by `_`.',
  },
  {
    key: 'db_user',
    type: string,
    default: null,
    description: "Database user; unset means the engine's administrator (`postgres`, `root`).",
  },
  {
    key: 'db_password',
    type: string,
    default: null,
    description: 'Database password.',
    secret: true,
  },
  {
    key: 'db_file',
    type: string,
    default: 'site.db',
    description: 'SQLite database file, relative to the site folder.',
  },
  {
    key: 'encryption_key',
    type: string,
    default: null,
    description:
      'Key for encrypted fields (Password fieldtype, stored secrets). `cortado new-site` generates one; losing it makes those values unreadable.',
    secret: true,
  },
  {
    key: 'developer_mode',
    type: boolean,
    default: false,
    description:
      'Developer mode: error responses include details and tracebacks; never enable on a public server.',
  },
  {
    key: 'allow_cors',
    type: { kind: 'string-or-list' },
    default: null,
    description:
      'Origins allowed by CORS: `"*"`, one origin, or a list of origins. Unset: no CORS headers.',
  },
  {
    key: 'rate_limit',
    type: { kind: 'numbers-object', fields: ['limit', 'window'] },
    default: null,
    description:
      'Global rate limit (as in Frappe): `{"limit": L, "window": W}` allows L seconds of request processing time per W-second window, one budget for the whole site; fractions of a second allowed. Responses carry `X-RateLimit-*` headers in microseconds. Unset: off.',
  },
  {
    key: 'rate_limit_per_ip',
    type: { kind: 'numbers-object', fields: ['limit', 'window'] },
    default: null,
    description:
      'Beyond Frappe: `{"limit": N, "window": W}` allows N requests per W seconds from one client IP, announced in `RateLimit-Policy`/`RateLimit` headers. Unset: off.',
  },
  {
    key: 'rate_limit_per_user',
    type: { kind: 'numbers-object', fields: ['limit', 'window'] },
    default: null,
    description:
      'Beyond Frappe: `{"limit": N, "window": W}` allows N requests per W seconds from one logged-in user (Guests fall under `rate_limit_per_ip`). Unset: off.',
  },
  {
    key: 'rate_limit_fail_open',
    type: boolean,
    default: true,
    description:
      'When the Redis holding rate-limit and failed-login counters (`redis_cache`) is unreachable: `true` lets requests through uncounted, `false` refuses them with 429 and `Retry-After: 1`.',
  },
  {
    key: 'trusted_proxies',
    type: { kind: 'string-list' },
    default: [],
    description:
      'Addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` names the client IP for rate limits and login lockout. Empty: the socket address is the client IP and `X-Forwarded-For` is ignored.',
  },
  {
    key: 'max_file_size',
    type: { kind: 'integer', min: 1 },
    default: DEFAULT_MAX_FILE_SIZE,
    description:
      'Largest accepted upload and request body, in bytes (System Settings `max_file_size`, in MB, may lower the upload limit).',
  },
  {
    key: 'deduplicate_files',
    type: boolean,
    default: true,
    description:
      'Uploads with the same content and privacy share one stored file (a new File row points at the existing URL). Off: every upload stores its own copy.',
  },
  {
    key: 'file_orphan_grace_seconds',
    type: { kind: 'number', min: 0 },
    default: 3600,
    description:
      'When a site opens, stored files no File row points at, and staging files of unfinished uploads, older than this are removed (what a crash between writing the bytes and committing the row leaves). Keep it above the longest upload.',
  },
  {
    key: 'resumable_upload_expiry_seconds',
    type: { kind: 'number', min: 0 },
    default: 86400,
    description:
      'A resumable (tus) upload not finished this long after it was created is removed, with its bytes, by the sweep that runs when a site opens and at most hourly while uploads are created; a client resuming it later gets 404 and starts again. 0: uploads never expire.',
  },
  {
    key: 'file_storage',
    type: { kind: 'enum', values: ['local', 's3'] },
    default: 'local',
    description:
      'Where uploaded bytes live: `local` (the site folder, `public/files` and `private/files`, as Frappe lays it out) or `s3` (an S3-compatible bucket, see the `s3_*` keys). URLs are the same either way.',
  },
  {
    key: 'resumable_upload_storage',
    type: { kind: 'enum', values: ['local', 's3'] },
    default: null,
    description:
      'Where unfinished resumable (tus) uploads keep their bytes: `local` (the site folder, `private/resumable-uploads`) or `s3` (an S3 multipart upload per tus upload, keys `<site>/resumable-uploads/<id>` in `s3_bucket`; the S3 server must implement ListParts). Unset: the same as `file_storage`.',
  },
  {
    key: 's3_bucket',
    type: string,
    default: null,
    description:
      'Bucket for `file_storage: s3`. Objects are keyed `<site>/<public|private>/files/<name>`.',
  },
  {
    key: 's3_region',
    type: string,
    default: 'us-east-1',
    description: 'Region of the S3 bucket.',
  },
  {
    key: 's3_endpoint',
    type: string,
    default: null,
    description: 'Endpoint of an S3-compatible server (MinIO, R2, …). Unset: AWS.',
  },
  {
    key: 's3_access_key_id',
    type: string,
    default: null,
    description: 'S3 access key. Unset: the AWS SDK default credential chain.',
  },
  {
    key: 's3_secret_access_key',
    type: string,
    default: null,
    secret: true,
    description: 'S3 secret key.',
  },
  {
    key: 's3_force_path_style',
    type: boolean,
    default: false,
    description: 'Address objects as `endpoint/bucket/key` (most S3-compatible servers need this).',
  },
  {
    key: 's3_presigned_download_expiry',
    type: { kind: 'integer', min: 0 },
    default: 0,
    description:
      'With S3 storage: answer file downloads (after the permission check) with a redirect to a presigned URL valid this many seconds. 0: the server streams the bytes itself.',
  },
  {
    key: 'redis_cache',
    type: string,
    default: null,
    description:
      'Redis URL for cache, sessions and rate limits (e.g. `redis://127.0.0.1:6379/0`). Unset: in-process stores.',
  },
  {
    key: 'redis_queue',
    type: string,
    default: null,
    description: 'Redis URL for background jobs (BullMQ). Unset: jobs run in the server process.',
  },
  {
    key: 'host_name',
    type: string,
    default: null,
    description:
      'Public URL of the site (e.g. `https://erp.example.com`); an `https://` URL marks session cookies `Secure` behind a TLS-terminating proxy.',
  },
  {
    key: 'mail_server',
    type: string,
    default: null,
    description:
      'SMTP host for the mail the server sends (two-factor codes, password reset links). Unset: no mail is sent.',
  },
  {
    key: 'mail_port',
    type: { kind: 'integer', min: 1 },
    default: null,
    description: 'SMTP port; unset: 465 with `use_ssl`, else 25.',
  },
  {
    key: 'use_ssl',
    type: boolean,
    default: false,
    description: 'Connect to the SMTP server over TLS from the start (port 465 style).',
  },
  {
    key: 'use_tls',
    type: boolean,
    default: false,
    description: 'Require STARTTLS on the SMTP connection.',
  },
  {
    key: 'mail_login',
    type: string,
    default: null,
    description: 'SMTP user name; unset: no SMTP authentication.',
  },
  {
    key: 'mail_password',
    type: string,
    default: null,
    secret: true,
    description: 'SMTP password for `mail_login`.',
  },
  {
    key: 'auto_email_id',
    type: string,
    default: null,
    description: 'Sender address of the mail the server sends; unset: `mail_login`.',
  },
  {
    key: 'installed_apps',
    type: { kind: 'string-list' },
    default: [],
    description:
      'npm package names of the apps installed on the site, each exporting an app definition as default. The core app is always installed.',
  },
  {
    key: 'webserver_port',
    type: { kind: 'integer', min: 1 },
    default: 8000,
    description: 'Port `cortado serve` listens on when `--port` is not given.',
  },
  {
    key: 'gunicorn_workers',
    type: { kind: 'integer', min: 1 },
    default: null,
    description:
      'HTTP processes `cortado serve` runs on the port when `--processes` is not given (the name of the bench key for the same thing). Unset: one per core, or 1 with `developer_mode`.',
  },
  {
    key: 'log_level',
    type: { kind: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    default: 'info',
    description: 'Server log level.',
  },
  {
    key: 'webhook_max_retries',
    type: { kind: 'integer', min: 0 },
    default: 6,
    description:
      'Retries of a webhook delivery after its first attempt before it is marked `Failed` and an Error Log row is written.',
  },
  {
    key: 'webhook_retry_base_seconds',
    type: { kind: 'number', min: 0 },
    default: 300,
    description:
      'Delay before the first retry of a failed webhook delivery; each later retry waits 3× longer, capped by `webhook_retry_max_delay_seconds`, with ±25 % jitter.',
  },
  {
    key: 'webhook_retry_max_delay_seconds',
    type: { kind: 'number', min: 0 },
    default: 36000,
    description: 'Longest delay between two attempts of a webhook delivery.',
  },
  {
    key: 'webhook_poll_interval_ms',
    type: { kind: 'integer', min: 1 },
    default: 1000,
    description:
      'How often an idle webhook worker looks for due deliveries; a commit that writes deliveries also wakes it at once.',
  },
  {
    key: 'webhook_concurrency',
    type: { kind: 'integer', min: 1 },
    default: 8,
    description: 'Webhook deliveries one worker claims and sends at the same time.',
  },
  {
    key: 'webhook_claim_lease_seconds',
    type: { kind: 'number', min: 0 },
    default: 60,
    description:
      'How long a worker holds a claimed webhook delivery (plus 5 s). When a worker dies mid-delivery, another takes the delivery over after this, so the receiver may see it twice with the same `X-Cortado-Webhook-Id`. Keep it above the longest Webhook `timeout`.',
  },
  {
    key: 'background_workers',
    type: { kind: 'integer', min: 1 },
    default: 1,
    description:
      'Background jobs one job worker (in `cortado serve` or `cortado worker`) runs at the same time, each in its own worker thread.',
  },
  {
    key: 'job_poll_interval_ms',
    type: { kind: 'integer', min: 1 },
    default: 1000,
    description:
      'How often an idle job worker looks for due background jobs; a commit in the same process that enqueues a job wakes it at once.',
  },
  {
    key: 'job_lock_duration_ms',
    type: { kind: 'integer', min: 100 },
    default: 30000,
    description:
      'With `redis_queue` (BullMQ): how long a worker holds the lock of a started job without renewing it. A job whose worker died (kill -9, lost machine) runs again on another worker within about twice this.',
  },
  {
    key: 'max_queued_jobs',
    type: { kind: 'integer', min: 1 },
    default: 500,
    description:
      "Back-pressure (Frappe's key): once one job queue of the site holds this many waiting jobs plus 50, enqueueing to it fails with `QueueOverloaded` (503) until workers catch up.",
  },
  {
    key: 'pause_scheduler',
    type: boolean,
    default: false,
    description:
      "Pause the scheduler of this site (Frappe's key). It also needs System Settings `enable_scheduler` on to run.",
  },
  {
    key: 'scheduler_interval',
    type: { kind: 'integer', min: 1 },
    default: 240,
    description: "Seconds between runs of Scheduled Job Types with frequency `All` (Frappe's key).",
  },
  {
    key: 'scheduler_tick_seconds',
    type: { kind: 'number', min: 0 },
    default: 60,
    description: 'How often the scheduler looks for due Scheduled Job Types.',
  },
  {
    key: 'scheduler_daily_jitter_seconds',
    type: { kind: 'number', min: 0 },
    default: 600,
    description:
      'Daily, weekly, monthly and yearly jobs start at a stable offset within this window after their slot, different per site and job type, so many sites do not all start at midnight. 0 turns it off.',
  },
  {
    key: 'webhook_ssrf_guard',
    type: boolean,
    default: false,
    description:
      'Refuse webhook targets that resolve to loopback, private, link-local or multicast addresses, and do not follow redirects.',
  },
  {
    key: 'webhook_allowed_hosts',
    type: { kind: 'string-list' },
    default: [],
    description:
      'Host names (or IP literals) the webhook SSRF guard lets through even when they resolve to private addresses.',
  },
  {
    key: 'webhook_standard_headers',
    type: boolean,
    default: false,
    description:
      'Also send the Standard Webhooks headers `webhook-id`, `webhook-timestamp` and `webhook-signature` alongside the `X-Cortado-Webhook-*` ones.',
  },
  {
    key: 'redis_socketio',
    type: string,
    default: null,
    description:
      "Redis URL (`redis://host:port/db`) for the realtime channel's socket.io adapter, so events reach sockets on every server process. Unset: `redis_queue` is used; neither set: events reach the publishing process only.",
    commonOnly: true,
  },
  {
    key: 'default_site',
    type: string,
    default: null,
    description:
      'Site used when a command or request names none. Unset: the only site, when there is exactly one.',
    commonOnly: true,
  },
  {
    key: 'metrics_token',
    type: string,
    default: null,
    description:
      'Bearer token a Prometheus scraper sends (`Authorization: Bearer <token>`) to read `/metrics` from any address. Unset: only direct connections from this machine may read it (see `metrics_allow_loopback`).',
    secret: true,
    commonOnly: true,
  },
  {
    key: 'metrics_allow_loopback',
    type: boolean,
    default: true,
    description:
      'Let a direct connection from this machine (loopback, no `X-Forwarded-For`/`Forwarded` header) read `/metrics` without the token. Off: the token is the only way in.',
    commonOnly: true,
  },
  {
    key: 'trust_request_id',
    type: boolean,
    default: true,
    description:
      "Use a client's or proxy's `X-Request-ID` (1-128 letters, digits, `_.:-`) as the request id in log lines, traces and the response header. Off: every request gets a fresh UUID.",
    commonOnly: true,
  },
  {
    key: 'backup_scheduled',
    type: boolean,
    default: false,
    description:
      "Take a backup of the site every day (the core app's `daily_long` scheduled job `frappe.utils.backups.scheduled_backup`) into `<site>/private/backups`.",
  },
  {
    key: 'backup_with_files',
    type: boolean,
    default: false,
    description: 'Scheduled backups also archive `public/files` and `private/files`.',
  },
  {
    key: 'backup_encrypt',
    type: boolean,
    default: false,
    description:
      "Encrypt backups (scheduled ones, and `cortado backup` without `--encrypt`) with AES-256-GCM under a key derived from the site's `encryption_key`; keep a copy of `site_config.json` apart, as the backup cannot be restored without that key.",
  },
  {
    key: 'backup_limit',
    type: { kind: 'integer', min: 1 },
    default: 3,
    description:
      'Scheduled backups keep this many newest backup sets and remove older ones (as System Settings `backup_limit` in Frappe).',
  },
  {
    key: 'deny_multiple_sessions',
    type: boolean,
    default: false,
    description:
      "Like System Settings `deny_multiple_sessions`: at each login, end the user's older sessions beyond their `simultaneous_sessions`.",
  },
  {
    key: 'api_docs',
    type: boolean,
    default: true,
    description:
      "Serve the API explorer at `/api/docs` (the OpenAPI document at `/api/openapi.json` is always served, shaped by the caller's permissions).",
  },
  {
    key: 'api_docs_for_guests',
    type: boolean,
    default: false,
    description:
      'Let Guests open the API explorer at `/api/docs` (it then shows what Guests may call).',
  },
  {
    key: 'server_script_enabled',
    type: boolean,
    default: false,
    description:
      'Lets Server Scripts run on every site of the bench (Python, in sandboxed worker processes). Read from the common config only, as in Frappe; off: every script answers 403 `ServerScriptNotEnabled`.',
    commonOnly: true,
  },
  {
    key: 'server_script_workers',
    type: { kind: 'integer', min: 1 },
    default: 2,
    description:
      'Python sandbox workers each server process keeps warm once a Server Script has run (none start before).',
    commonOnly: true,
  },
  {
    key: 'server_script_timeout',
    type: { kind: 'number', min: 0.1 },
    default: 5,
    description:
      "CPU seconds a Server Script may use (time spent waiting for the server's answers does not count); past it the worker is stopped and the call answers 500 `TimeoutError`.",
    commonOnly: true,
  },
  {
    key: 'server_script_memory_mb',
    type: { kind: 'integer', min: 32 },
    default: 256,
    description:
      "Most memory a Server Script's Python heap may grow to; past it the worker is stopped and the call answers 500 `MemoryError`.",
    commonOnly: true,
  },
  {
    key: 'server_script_ssrf_guard',
    type: boolean,
    default: true,
    description:
      "Server Scripts' `frappe.make_*_request` refuse hosts that resolve to loopback, private, link-local or multicast addresses (the webhooks' guard), and do not follow redirects. Off: any host, redirects followed, as in Frappe.",
  },
  {
    key: 'server_script_allowed_hosts',
    type: { kind: 'string-list' },
    default: [],
    description:
      "Host names (or IP literals) Server Scripts' `frappe.make_*_request` may reach even when they resolve to private addresses.",
  },
] as const satisfies readonly ConfigKeyDefinition[];

/** The definition of `key`, or undefined for keys Cortado does not know (apps may use them). */
export function configKey(key: string): ConfigKeyDefinition | undefined {
  return CONFIG_KEYS.find((definition) => definition.key === key);
}
