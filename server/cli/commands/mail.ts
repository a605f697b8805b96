import type { CliCommand } from '../command';

// CLI commands of the mail area.
export const mailCommands: CliCommand[] = [];
