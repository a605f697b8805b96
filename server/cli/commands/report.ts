import { type AppDeps } from '../../deps';
import { dayOf } from '../../domain/deadlines';
import { CLI_ACTOR, recordAudit } from '../../services/ops/audit';
import { rotateEncryptionKey } from '../../services/report/report-keys';
import { purgeClosedReports } from '../../services/ops/retention';
import { CliError, type CliCommand } from '../command';

// CLI commands of the report area.
export const reportCommands: CliCommand[] = [
  {
    name: 'keys rotate',
    usage: 'keys rotate',
    summary: 'New encryption key; re-encrypts every sealed value and upload, then drops the old keys. Stop the server first and start it again afterwards.',
    async run({ deps }) {
      let result: Awaited<ReturnType<typeof rotateEncryptionKey>>;
      try {
        result = await rotateEncryptionKey(deps.db, deps.config, deps.secrets);
      } catch (err) {
        throw new CliError(`key rotation failed: ${(err as Error).message}`);
      }
      // This process goes on with the new keyring; a running server still holds the old one in memory until restarted.
      (deps as { secrets: AppDeps['secrets'] }).secrets = Object.freeze({ ...deps.secrets, encryption: Object.freeze(result.keyring) });
      await recordAudit(deps.db, deps.clock.now(), { ...CLI_ACTOR, action: 'keys.rotate', details: { key: result.key, reencrypted: result.reencrypted } });
      return {
        json: { ok: true, key: result.key, reencrypted: result.reencrypted },
        text: `New key ${result.key} is current; ${result.reencrypted} values and files re-encrypted; old keys removed. Start the server again so it loads the new key (a server left running would seal with the dropped key).`,
      };
    },
  },
  {
    name: 'reports purge',
    usage: 'reports purge',
    summary: `Delete the content of reports closed more than RETENTION_DAYS ago (the server also does this daily).`,
    async run({ deps }) {
      const now = deps.clock.now();
      const { purged } = await purgeClosedReports(deps.db, deps.config, dayOf(now), now);
      return { json: { ok: true, purged }, text: `${purged} closed reports purged.` };
    },
  },
];
