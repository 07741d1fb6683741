/** A fenced shell block of the README that the tour test runs. */
export interface ReadmeBlock {
  readonly code: string;
  /** Info-string words after the language (`tour`, `tour-background`, `status=417`). */
  readonly tags: readonly string[];
  /** The HTTP status the block documents (`status=417`), else any 2xx. */
  readonly status: number | null;
}

/** Every ```` ```sh ```` block of `markdown`, in order, with its info-string tags. */
export function shellBlocks(markdown: string): ReadmeBlock[] {
  return [...markdown.matchAll(/^```sh([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => {
    const tags = (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
    const status = tags.find((tag) => tag.startsWith('status='));
    return {
      code: match[2] ?? '',
      tags,
      status: status === undefined ? null : Number(status.slice(7)),
    };
  });
}

/** `npm start` as README command 1 gives it, without the install step the test tree has already had. */
export function startCommand(blocks: readonly ReadmeBlock[]): string {
  const setup = blocks.find((block) => /\bnpm start\b/.test(block.code));
  if (!setup) throw new Error('README has no block with `npm start`');
  const command = setup.code
    .trim()
    .split('&&')
    .map((part) => part.trim())
    .find((part) => part.startsWith('npm start'));
  if (!command) throw new Error('README command 1 does not run `npm start`');
  return command;
}

/** The `export NAME=value` lines a command printed, as environment entries. */
export function exportedVariables(output: string): Record<string, string> {
  return Object.fromEntries(
    [...output.matchAll(/^export (\w+)=(\S*)$/gm)].map((match) => [match[1] ?? '', match[2] ?? '']),
  );
}

/** Names a block assigns at the start of a line (`ORDER=$(…)`), so later blocks can see them. */
export function assignedNames(code: string): string[] {
  return [...code.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1] ?? '');
}
