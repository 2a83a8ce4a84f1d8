// Entry point of the built CLI (out/main/cli.js).
import { main } from './main';

void main(process.argv.slice(2));
