// Lists shown a page at a time (the audit log, a unit's released survey comments): which page a request lands on.

export interface PageWindow {
  page: number;
  pages: number;
  total: number;
  /** Rows to skip before the page's first. */
  offset: number;
}

/** The page asked for, kept between 1 and the last page (an empty list has one, empty, page). */
export function pageWindow(total: number, perPage: number, requested: number): PageWindow {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(1, Math.floor(requested) || 1), pages);
  return { page, pages, total, offset: (page - 1) * perPage };
}
