import type { Lang, Translate } from '../i18n';
import type { Principal } from '../domain/principal';
import type { SessionInfo } from '../services/sessions';

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

export {};
