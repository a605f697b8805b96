import type { Request, Response } from 'express';

// The committee's landing page; the risk area grows it into the region overview.
export function showDashboard(req: Request, res: Response): void {
  res.render('committee/dashboard', { title: req.t('nav.dashboard') });
}
