import type { CliCommand } from '../command';

// CLI commands of the survey area.
export const surveyCommands: CliCommand[] = [];
