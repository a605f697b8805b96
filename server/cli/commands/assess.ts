import type { CliCommand } from '../command';

// CLI commands of the assessment-inputs area (demo).
export const assessCommands: CliCommand[] = [];
