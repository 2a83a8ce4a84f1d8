// Entry point of the built CLI (out/main/cli.js).
import { main } from './main';

// `dangka tree --json | head` closes the pipe early: that is the reader being done, not an error to crash on.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

void main(process.argv.slice(2));
