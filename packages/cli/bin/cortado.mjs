#!/usr/bin/env node
// The installed `cortado` binary: registers tsx so the TypeScript sources run as they are.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
