import type { CliCommand } from '../command';

// CLI commands of the ops area.
export const opsCommands: CliCommand[] = [];
