import { DemoExists, loadDemo } from '../../services/ops/demo';
import { CliError, type CliCommand } from '../command';

// CLI commands of the assessment-inputs area (demo).
export const assessCommands: CliCommand[] = [
  {
    name: 'demo',
    usage: 'demo',
    summary: 'Load a demonstration organisation (3 units, 15 posts, two periods, responses, reports, findings, measures, risk-point register and procedures) and demo accounts.',
    async run({ deps }) {
      try {
        const s = await loadDemo(deps);
        return {
          json: { ...s, signIn: `${deps.config.baseUrl}/login` },
          text: [
            `Demo loaded: ${s.units} units, ${s.posts} posts, periods ${s.periods.join(', ')}, ${s.responses} survey responses, ${s.reports} reports, ${s.findings} findings, ${s.measures} measures.`,
            `Administrator: ${s.admin.email}  password: ${s.admin.password}`,
            `Reviewer (${s.reviewer.units.join(', ')}): ${s.reviewer.email}  password: ${s.reviewer.password}`,
            `Post holder (${s.holder.post}, self-check): ${s.holder.email}  password: ${s.holder.password}`,
            `Risk points: ${s.riskPoints}; 2026 procedure: demo-jia published, demo-yi at the leadership review, demo-bing at the self-check.`,
            `The passwords are shown only now. Start the server with \`npm start\` and sign in at ${deps.config.baseUrl}/login`,
          ].join('\n'),
        };
      } catch (err) {
        if (err instanceof DemoExists) throw new CliError(err.message);
        throw err;
      }
    },
  },
];
