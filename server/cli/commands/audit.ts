import { auditHead, verifyAuditChain, type AuditHead, type AuditVerification } from '../../services/ops/audit';
import { CliError, flagString, type CliCommand } from '../command';

// The audit log's chain (DESIGN.md §5, §8 `audit verify`): check it and print its head.
const EXPLAIN: Record<NonNullable<AuditVerification['reason']>, string> = {
  hash_mismatch: 'its content or hash was changed',
  chain_broken: 'it does not follow the event before it (an event was deleted or inserted, or the events before it were cut off)',
  head_missing: 'the recorded head is missing (the newest events may have been cut off)',
  head_mismatch: 'the recorded head does not name the newest event (the newest events are missing or altered)',
  head_not_in_chain: 'the head given with --head is no longer in the chain (events were cut off since it was printed)',
  unkeyed: 'no event is keyed: the chain was written by an older version (any audited action keys it from then on) or by someone without the key',
};

function parseHead(value: string | undefined): AuditHead | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new CliError('--head must be ID:HASH as printed by `audit head`');
  return { id: Number(match[1]), hash: match[2] };
}

export const auditCommands: CliCommand[] = [
  {
    name: 'audit verify',
    usage: 'audit verify [--head ID:HASH]',
    summary: 'Check the audit log hash chain and its head (and that an earlier head, e.g. from the digest, is still in it); exit 1 naming the first broken event.',
    async run({ deps, flags }) {
      const result = await verifyAuditChain(deps.db, parseHead(flagString(flags, 'head', false)));
      if (!result.ok) {
        const tail = result.lastIntactId !== undefined ? ` (events after #${result.lastIntactId} are missing or altered)` : '';
        throw new CliError(`audit chain broken at event ${result.firstBrokenId}: ${result.reason}: ${EXPLAIN[result.reason!]}${tail}`, [`firstBrokenId=${result.firstBrokenId}`, `intactEvents=${result.events}`]);
      }
      return { json: { ok: true, events: result.events }, text: `Audit chain intact: ${result.events} events.` };
    },
  },
  {
    name: 'audit head',
    usage: 'audit head',
    summary: 'Print the newest audit event and its chain hash; keep it outside the server and check it later with `audit verify --head ID:HASH`.',
    async run({ deps }) {
      const head = await auditHead(deps.db);
      return { json: { ok: true, ...head }, text: `${head.id}:${head.hash}\t(${head.events} events)` };
    },
  },
];
