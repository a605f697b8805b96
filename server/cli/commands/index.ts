import type { CliCommand } from '../command';
import { orgCommands } from './org';

// Every CLI command, one file per area.
export const commands: CliCommand[] = [...orgCommands];
