import { createProgram } from './index.js';
import { reportError } from './report-error.js';

const program = createProgram();
program.parseAsync(process.argv).catch((error: unknown) => {
  reportError(error, program.opts<{ verbose?: boolean }>().verbose === true);
  process.exit(1);
});
