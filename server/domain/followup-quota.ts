// Quotas of the anonymous follow-up (DESIGN.md §5): a receipt opens one report, and per report and day its holder may
// send so many replies and upload so much. Counted per day only, so the count dates nothing finer than the day.

export const REPLIES_PER_DAY = 10;
export const UPLOAD_MB_PER_DAY = 30;

const MIB = 1024 * 1024;

/** What a set of uploads costs against the daily quota: each file in whole MiB, rounded up, at least 1. */
export function uploadCostMb(sizes: readonly number[]): number {
  return sizes.reduce((sum, bytes) => sum + Math.max(1, Math.ceil(bytes / MIB)), 0);
}

export interface QuotaUse {
  replies: number;
  uploadMb: number;
}

/** Message keys of what the quota refuses (a reply, the files), given today's use before this reply. */
export function quotaRefusals(used: QuotaUse, uploadMb: number): { message?: string; attachments?: string } {
  const refusals: { message?: string; attachments?: string } = {};
  if (used.replies >= REPLIES_PER_DAY) refusals.message = 'report.quota.replies';
  if (uploadMb > 0 && used.uploadMb + uploadMb > UPLOAD_MB_PER_DAY) refusals.attachments = 'report.quota.upload';
  return refusals;
}
