import type { Request, Response } from 'express';
import type { AppDeps } from '../../../deps';
import { visibleUnits } from '../../../services/assess/assess-scope';
import { heldPosts, workingPeriod } from '../../../services/register/register-context';
import { principalOf } from '../../request-context';

// The register's landing page: the units in scope (their procedure, decisions, publication, team, downloads) and,
// for a post holder, the way into 个人查找 for the posts they hold.
export function showRegisterHome(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const [period, units, held] = await Promise.all([workingPeriod(deps.db), visibleUnits(deps.db, principalOf(req)), heldPosts(deps.db, principalOf(req))]);
    res.render('committee/register/index', { title: req.t('register.home.title'), period, units, held });
  };
}
