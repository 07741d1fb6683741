// Writes docs/configuration.md from the config key table (`npm run docs:config`).
import { writeFileSync } from 'node:fs';
import { renderConfigDoc } from '../packages/server/src/core/config/config-doc.js';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderConfigDoc());
console.log('docs/configuration.md written');
