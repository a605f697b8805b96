import type { Request, Response } from 'express';
import type { AppDeps } from '../../../deps';
import { setLink } from '../../../services/register/risk-point-links';
import { field, param } from '../assess-form';
import { pointsBase } from './risk-points';
import { principalOf } from '../../request-context';

// Linking findings, substantiated reports and measures to a risk point (form fields `kind` and `id`).
export function changeLink(deps: AppDeps, linked: boolean) {
  return async (req: Request, res: Response) => {
    const ref = { unit: param(req, 'unit'), post: param(req, 'post'), point: param(req, 'point') };
    const id = field(req.body.id, 12);
    await setLink(deps.db, principalOf(req), deps.clock.now(), ref, field(req.body.kind, 16), /^[1-9][0-9]{0,11}$/.test(id) ? Number(id) : Number.NaN, linked);
    res.redirect(303, `${pointsBase(ref.unit, ref.post)}/${encodeURIComponent(ref.point)}?linked=1#evidence`);
  };
}
