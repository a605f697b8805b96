import type { Request, Response } from 'express';
import type { AppDeps } from '../../../deps';
import { publication, unitRegisterFile } from '../../../services/register/publication';
import type { RegisterFormat } from '../../../services/register/register-files';
import { param } from '../assess-form';
import { procedurePage } from './procedure';
import { principalOf } from '../../request-context';

// The printable 公示 page of a unit, and the register's downloads (xlsx, CSV, JSON) for the committee.
export function showPublication(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const p = await publication(deps.db, principalOf(req), param(req, 'period'), param(req, 'unit'));
    res.render('committee/register/publication', {
      ...procedurePage(req, 'register.publication.title', p), p,
    });
  };
}

export function downloadRegister(deps: AppDeps, format: RegisterFormat) {
  return async (req: Request, res: Response) => {
    const file = await unitRegisterFile(deps.db, principalOf(req), deps.clock.now(), param(req, 'period'), param(req, 'unit'), format, req.lang);
    res.set('Content-Type', file.contentType);
    res.set('Content-Disposition', `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    res.set('Cache-Control', 'no-store');
    res.send(file.body);
  };
}
