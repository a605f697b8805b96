// Paged lists (the audit log, a unit's released survey comments): the `page` query parameter and the links of the
// one pager partial (views/partials/pager.ejs).

/** `?page=N` as a page number from 1; anything else is page 1 (the service clamps it to the last page). */
export function pageParam(value: unknown): number {
  const n = typeof value === 'string' ? Number.parseInt(value.slice(0, 7), 10) : NaN;
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

/** What the pager partial shows: where one is, and the links to the pages before and after. */
export function pagerView(at: { page: number; pages: number; total: number }, href: (page: number) => string) {
  return {
    ...at,
    prevHref: at.page > 1 ? href(at.page - 1) : null,
    nextHref: at.page < at.pages ? href(at.page + 1) : null,
  };
}
