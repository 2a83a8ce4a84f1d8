import type { Command } from 'commander';

export function registerImportRoster(_program: Command): void {}
