// Errors carry a message key for the UI (translated by the error page) and a cause for the log.
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
    options?: { cause?: unknown; params?: Record<string, string | number> },
  ) {
    super(messageKey, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.params = options?.params ?? {};
  }
  readonly params: Record<string, string | number>;
}

export class NotFound extends AppError {
  constructor(messageKey = 'error.not_found') {
    super(404, messageKey);
  }
}

export class Forbidden extends AppError {
  constructor(messageKey = 'error.forbidden') {
    super(403, messageKey);
  }
}

/** The request is sound but the object's state refuses it (a closed period, a report already moved on). */
export class Conflict extends AppError {
  constructor(messageKey = 'error.conflict', params?: Record<string, string | number>) {
    super(409, messageKey, { params });
  }
}

/** Too many requests; `minutes` until the window ends, so the page can say when to try again. */
export class RateLimited extends AppError {
  constructor(messageKey = 'error.rate_limited', readonly minutes = 15) {
    super(429, messageKey, { params: { minutes } });
  }
}

export class Unavailable extends AppError {
  constructor(cause?: unknown) {
    super(503, 'error.unavailable', { cause });
  }
}

/** A field → message key map; handlers re-render the form with these and the user's input kept. */
export type FieldErrors = Record<string, string>;

export class ValidationError extends AppError {
  constructor(readonly fields: FieldErrors, messageKey = 'error.validation') {
    super(400, messageKey);
  }
}
