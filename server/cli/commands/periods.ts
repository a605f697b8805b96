import type { CliCommand } from '../command';

// CLI commands of the periods area.
export const periodsCommands: CliCommand[] = [];
