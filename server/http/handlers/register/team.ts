import type { Request, Response } from 'express';
import type { AppDeps } from '../../../deps';
import { teamView } from '../../../services/register/team';
import { param } from '../assess-form';
import { r1 } from '../risk-view';
import { procedurePage } from './procedure';
import { principalOf } from '../../request-context';

// The leadership team of a unit: its posts side by side, the chief first and marked.
export function showTeam(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const team = await teamView(deps.db, principalOf(req), param(req, 'period'), param(req, 'unit'));
    const { title, base } = procedurePage(req, 'register.team.title', team);
    res.render('committee/register/team', {
      title, team, base,
      members: team.members.map((m) => ({ ...m, R: r1(m.R), pointsHref: `/committee/units/${encodeURIComponent(team.ctx.unit.key)}/posts/${encodeURIComponent(m.key)}/risk-points` })),
      share: Math.round(team.highShare * 100),
    });
  };
}
