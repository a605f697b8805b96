import type { CliCommand } from '../command';

// CLI commands of the report area.
export const reportCommands: CliCommand[] = [];
