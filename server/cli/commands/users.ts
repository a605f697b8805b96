import type { CliCommand } from '../command';

// CLI commands of the users area.
export const usersCommands: CliCommand[] = [];
