// Where `vite build` writes the Desk; `cortado serve` serves this folder at /app.
import { fileURLToPath } from 'node:url';

export const DESK_DIST = fileURLToPath(new URL('./dist/', import.meta.url));
