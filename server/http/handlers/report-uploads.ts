import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { MAX_FILE_BYTES, MAX_FILES } from '../../domain/report-rules';
import type { RefusedAttachment, UploadedFile } from '../../services/report/attachments';
import { FormRefused } from '../../services/report/form-uploads';
import type { HeldUpload } from '../../services/report/held-uploads';

// Multipart parsing for the report forms: files stay in memory (at most 5 × 10 MB) until they are re-rendered and
// sealed; a refused upload becomes a field error instead of an error page, so the other input is kept.
const upload = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fields: 30, fieldSize: 64 * 1024, parts: 40 },
}).array('attachments', MAX_FILES);

const ERROR_KEYS: Record<string, string> = {
  LIMIT_FILE_SIZE: 'report.error.file_size',
  LIMIT_FILE_COUNT: 'report.error.file_count',
  LIMIT_UNEXPECTED_FILE: 'report.error.file_count',
};

export function parseUploads(req: Request, res: Response, next: NextFunction): void {
  if (!req.is('multipart/form-data')) return next();
  upload(req, res, (err?: unknown) => {
    if (err instanceof multer.MulterError) {
      res.locals.uploadError = ERROR_KEYS[err.code] ?? 'report.error.upload';
      req.files = [];
      return next();
    }
    next(err);
  });
}

/** The uploaded files, leaving out the empty part a browser sends for an unused file input. */
export function uploadedFiles(req: Request): UploadedFile[] {
  const files = Array.isArray(req.files) ? req.files : [];
  return files.filter((f) => f.size > 0 || f.originalname).map((f) => ({ originalName: f.originalname, bytes: f.buffer }));
}

export function uploadError(res: Response): string | undefined {
  return typeof res.locals.uploadError === 'string' ? res.locals.uploadError : undefined;
}

export const field = (body: unknown, name: string, max = 20_000): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
};

/** What the attachments field says when a form comes back: files refused (and why), files held, files lost. */
export interface UploadNotes {
  refused: RefusedAttachment[];
  kept: HeldUpload[];
  /** Files were sent but could not be held (no form token, or the upload was cut off): choose them again. */
  dropped: boolean;
}

export const NO_UPLOAD_NOTES: UploadNotes = Object.freeze({ refused: [], kept: [], dropped: false }) as UploadNotes;

export function uploadNotes(err: unknown, dropped: boolean): UploadNotes {
  return err instanceof FormRefused ? { refused: err.refused, kept: err.kept, dropped } : { ...NO_UPLOAD_NOTES, dropped };
}
