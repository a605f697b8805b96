import type { CliCommand } from '../command';
import { assessCommands } from './assess';
import { auditCommands } from './audit';
import { mailCommands } from './mail';
import { opsCommands } from './ops';
import { orgCommands } from './org';
import { periodsCommands } from './periods';
import { registerCommands } from './register';
import { reportCommands } from './report';
import { riskCommands } from './risk';
import { surveyCommands } from './survey';
import { usersCommands } from './users';

// Every CLI command, one file per area.
export const commands: CliCommand[] = [
  ...orgCommands,
  ...usersCommands,
  ...periodsCommands,
  ...surveyCommands,
  ...reportCommands,
  ...riskCommands,
  ...assessCommands,
  ...registerCommands,
  ...mailCommands,
  ...opsCommands,
  ...auditCommands,
];
