import { ValidationError } from '../../errors';
import { translator } from '../../i18n';
import { createCommitteeUser, listUsers, resetUserPassword, setUserDisabled, userIdByEmail } from '../../services/org/users';
import { CLI_ACTOR } from '../../services/ops/audit';
import { validateUserInput } from '../../services/org/user-input';
import { CliError, flagString, type CliCommand, type CliContext } from '../command';

// CLI commands of the users area (DESIGN.md §8): accounts and the audit-chain check.
const en = translator('en');

/** A password piped on stdin (first line), or undefined to have one generated. */
async function stdinPassword(ctx: CliContext): Promise<string | undefined> {
  const text = await ctx.readStdin();
  const line = text.split(/\r?\n/)[0];
  return line ? line : undefined;
}

/** Form errors as one CLI line: "--field: message". */
async function asCli<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ValidationError) {
      const lines = Object.entries(err.fields).map(([field, key]) => `--${field}: ${en(key)}`);
      throw new CliError(lines[0], lines);
    }
    throw err;
  }
}

async function requireUserId(ctx: CliContext): Promise<number> {
  const email = flagString(ctx.flags, 'email') as string;
  const id = await userIdByEmail(ctx.deps.db, email);
  if (id === null) throw new CliError(`no account with e-mail ${email}`);
  return id;
}

export const usersCommands: CliCommand[] = [
  {
    name: 'user add',
    usage: 'user add --email E --name N --role admin|reviewer [--units k1,k2]',
    summary: 'Create a committee account; password from stdin, or generated and printed once.',
    async run(ctx) {
      const { db } = ctx.deps;
      const units = typeof ctx.flags.units === 'string' ? ctx.flags.units.split(',').map((s) => s.trim()).filter(Boolean) : [];
      const raw = {
        email: flagString(ctx.flags, 'email'),
        name: flagString(ctx.flags, 'name') as string,
        role: flagString(ctx.flags, 'role') as string,
        scope: units.length ? 'units' : 'all',
        units,
        posts: [],
      };
      const password = await stdinPassword(ctx);
      const created = await asCli(async () => createCommitteeUser(db, ctx.deps.clock.now(), CLI_ACTOR, await validateUserInput(db, raw, { checkEmail: true }), password));
      return {
        json: { ok: true, ...created },
        text: `Created ${created.email} (id ${created.id}).${created.password ? `\nPassword (shown once): ${created.password}` : ''}`,
      };
    },
  },
  {
    name: 'user list',
    usage: 'user list',
    summary: 'List committee accounts with role, scope and status.',
    async run({ deps }) {
      const users = await listUsers(deps.db, deps.clock.now());
      const rows = users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, units: u.allUnits ? 'all' : u.unitNames, totp: u.totpEnabled, disabled: u.disabled, locked: u.locked }));
      const text = users.map((u) => `${u.id}\t${u.email}\t${u.role}\t${u.allUnits ? 'all units' : u.unitNames.join(', ')}\t${u.disabled ? 'disabled' : u.locked ? 'locked' : 'active'}${u.totpEnabled ? '\ttotp' : ''}`).join('\n');
      return { json: { ok: true, users: rows }, text: text || 'No accounts.' };
    },
  },
  {
    name: 'user disable',
    usage: 'user disable --email E',
    summary: 'Disable an account and end its sessions.',
    async run(ctx) {
      const id = await requireUserId(ctx);
      await setUserDisabled(ctx.deps.db, ctx.deps.clock.now(), CLI_ACTOR, id, true);
      return { json: { ok: true, id }, text: `Disabled account ${id}.` };
    },
  },
  {
    name: 'user reset-password',
    usage: 'user reset-password --email E',
    summary: 'Set a new password (stdin, or generated and printed once); lifts a lockout, ends sessions.',
    async run(ctx) {
      const id = await requireUserId(ctx);
      const chosen = await stdinPassword(ctx);
      const result = await asCli(() => resetUserPassword(ctx.deps.db, ctx.deps.clock.now(), CLI_ACTOR, id, chosen));
      return { json: { ok: true, id, ...result }, text: `Password of account ${id} reset.${result.password ? `\nPassword (shown once): ${result.password}` : ''}` };
    },
  },
];
