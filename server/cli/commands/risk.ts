import type { CliCommand } from '../command';

// CLI commands of the risk area.
export const riskCommands: CliCommand[] = [];
