// `node --import tsx --import ./bench/lib/use-built-modules.mjs …`: loads the
// server's modules from dist/ (see built-modules.mjs).
import { register } from 'node:module';

register('./built-modules.mjs', import.meta.url);
