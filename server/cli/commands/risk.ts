import { OPERATOR } from '../../services/auth/access';
import { periodByKey } from '../../services/risk/risk-inputs';
import { resultRows } from '../../services/risk/risk-results';
import { CliError, flagString, type CliCommand } from '../command';

// CLI commands of the risk area: `results` (DESIGN.md §8 contract).
export const riskCommands: CliCommand[] = [
  {
    name: 'results',
    usage: 'results --period K [--unit U] [--json]',
    summary: 'Risk results per post (E, M, C, S, F, L, R, level, N, dims, flags); a closed period from its snapshot.',
    async run({ deps, flags }) {
      const periodKey = flagString(flags, 'period') as string;
      const unitKey = flagString(flags, 'unit', false);
      const period = await periodByKey(deps.db, periodKey);
      if (!period) throw new CliError(`period ${periodKey} does not exist`);
      const results = await resultRows(deps.db, period.id, OPERATOR, unitKey);
      if (!results) throw new CliError(`unit ${unitKey} does not exist`);
      const lines = results.map((r) =>
        [r.unit, r.post, r.E.toFixed(3), r.M.toFixed(3), r.C.toFixed(3), r.S.toFixed(3), r.F.toFixed(3), r.L.toFixed(3), r.R.toFixed(1), r.level, r.N, r.flags.join(',')].join('\t'));
      return { json: { results }, text: ['unit\tpost\tE\tM\tC\tS\tF\tL\tR\tlevel\tN\tflags', ...lines].join('\n') };
    },
  },
];
