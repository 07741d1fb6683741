// Module resolve hook (see run-sources.mjs): resolves every import as if node had been
// started with `--conditions=development`, which a running process cannot turn on itself.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('development')
    ? context.conditions
    : [...context.conditions, 'development'];
  return nextResolve(specifier, { ...context, conditions });
}
