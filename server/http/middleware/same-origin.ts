import type { NextFunction, Request, Response } from 'express';
import { Forbidden } from '../../errors';

/**
 * Refuses state-changing requests sent by another site (DESIGN.md §5, §8): browsers mark them with
 * Sec-Fetch-Site and Origin. Anonymous forms rely on this (they set no cookie to hold a token); committee forms
 * have it in addition to their CSRF token. Requests with neither header (not from a browser) pass.
 */
export function sameOrigin(baseUrl: string) {
  const allowed = new URL(baseUrl).origin;
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const site = req.get('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') return next(new Forbidden('error.cross_site'));
    const origin = req.get('origin');
    if (origin !== undefined) {
      const own = `${req.protocol}://${req.get('host')}`;
      // Our Referrer-Policy (no-referrer) makes browsers send `Origin: null` on same-origin form posts; Sec-Fetch-Site vouches.
      const vouched = origin === 'null' && site === 'same-origin';
      if (!vouched && origin !== allowed && origin !== own) return next(new Forbidden('error.cross_site'));
    }
    next();
  };
}
