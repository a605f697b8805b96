import type { Lang, Translate } from '../i18n';
import type { Principal } from '../domain/principal';
import type { SessionInfo } from '../services/auth/sessions';
import type { Request } from 'express';
import { Forbidden } from '../errors';

// What the middleware attaches to a request. Handlers read these, services receive plain values from them.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      lang: Lang;
      t: Translate;
      session?: SessionInfo;
      principal?: Principal;
      /** The form was sent by its language switch: show it again in the new language, do nothing else. */
      languageSwitch?: boolean;
    }
  }
}

/**
 * The signed-in user of a route that requires one (the route table's access decides that before any handler runs);
 * the check keeps the types honest instead of `req.principal!`.
 */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new Forbidden();
  return req.principal;
}
