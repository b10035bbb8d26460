import type { Command } from 'commander';

/** backup, restore and db copy: filled in by the data-commands work. */
export function registerDataCommands(_program: Command): void {}
