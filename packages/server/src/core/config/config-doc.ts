import {
  CONFIG_KEYS,
  envVarFor,
  type ConfigKeyDefinition,
  type ConfigValueType,
} from './defaults.js';

/** `docs/configuration.md`, rendered from the key table in `defaults.ts`. */
export function renderConfigDoc(): string {
  return [
    '# Configuration',
    '',
    '<!-- Generated from packages/server/src/core/config/defaults.ts by `npm run docs:config`. Do not edit. -->',
    '',
    'Each site is a folder under `sites/` (or `$CORTADO_SITES_DIR`) holding `site_config.json`,',
    '`public/files` and `private/files`. Keys are read in this order, later ones winning:',
    '',
    '1. the defaults below;',
    '2. `sites/common_site_config.json`, shared by every site (optional);',
    '3. `sites/<site>/site_config.json`;',
    '4. environment variables `CORTADO_<KEY>` (upper-cased key), which apply to every site.',
    '   Strings are taken as written; numbers, booleans, lists and objects are JSON',
    '   (`CORTADO_RATE_LIMIT=\'{"limit":60,"window":60}\'`).',
    '',
    "Keys follow Frappe's names. Values are checked when a site opens: a wrong type or",
    'an unknown `db_type` stops start-up with one line naming the key and where the value',
    'came from. Keys not listed here are kept as they are, for apps to read.',
    '',
    '`cortado set-config KEY VALUE` edits `site_config.json`; `cortado show-config` prints',
    'the effective config with secrets masked.',
    '',
    '| Key | Type | Default | Environment | Description |',
    '| --- | --- | --- | --- | --- |',
    ...CONFIG_KEYS.map(row),
    '',
  ].join('\n');
}

function row(definition: ConfigKeyDefinition): string {
  const notes = [
    definition.description,
    definition.secret ? 'Secret: masked by `show-config`, never logged.' : '',
    definition.commonOnly ? 'Read from `common_site_config.json` only.' : '',
  ].filter(Boolean);
  const cells = [
    `\`${definition.key}\``,
    typeName(definition.type),
    definition.default === null ? 'unset' : `\`${JSON.stringify(definition.default)}\``,
    `\`${envVarFor(definition.key)}\``,
    notes.join(' '),
  ];
  return `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
}

function typeName(type: ConfigValueType): string {
  switch (type.kind) {
    case 'enum':
      return type.values.map((value) => `\`${value}\``).join(', ');
    case 'string-or-list':
      return 'string or list of strings';
    case 'string-list':
      return 'list of strings';
    case 'numbers-object':
      return `object {${type.fields.join(', ')}}`;
    default:
      return type.kind;
  }
}
