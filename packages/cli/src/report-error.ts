/**
 * Prints a failed command's error: one line on stderr, the stack only with
 * `--verbose`. Cortado's own errors (config, Frappe errors) carry messages
 * written for users, so they print bare; anything else keeps its class name.
 */
export function reportError(error: unknown, verbose: boolean): void {
  if (verbose && error instanceof Error && error.stack !== undefined) {
    console.error(error.stack);
    return;
  }
  console.error(`Error: ${oneLine(error)}`);
}

function oneLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const known = error.name === 'ConfigError' || 'excType' in error;
  const message = error.message.split('\n')[0] ?? '';
  return known || error.name === 'Error' ? message : `${error.name}: ${message}`;
}
