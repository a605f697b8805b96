import { EventEmitter } from 'node:events';
import type { PDFDocument } from 'pdf-lib';

// fontkit 2 (foliojs, maintained) ships no types; what pdf-lib uses of it is described by pdf-lib's own types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { create(buffer: Buffer): FontkitFont };
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

// pdf-lib embeds custom fonts through a fontkit it is given. Its own fork (@pdf-lib/fontkit 1.x) subsets Noto Sans SC
// wrongly — most Chinese glyphs came out blank — while fontkit 2 subsets it correctly. pdf-lib still calls the
// fontkit 1 streaming API (`subset.encodeStream()`), which fontkit 2 replaced by `subset.encode()`: this adapter
// gives pdf-lib that stream over fontkit 2's bytes.

interface FontkitSubset { encode(): Uint8Array; encodeStream?: () => EventEmitter }
interface FontkitFont { createSubset(): FontkitSubset }

export const fontkitForPdfLib: Fontkit = {
  create(buffer: Uint8Array) {
    const font = fontkit.create(Buffer.from(buffer));
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      subset.encodeStream = () => {
        const stream = new EventEmitter();
        setImmediate(() => {
          try {
            stream.emit('data', Buffer.from(subset.encode()));
            stream.emit('end');
          } catch (err) {
            stream.emit('error', err);
          }
        });
        return stream;
      };
      return subset;
    };
    return font as unknown as ReturnType<Fontkit['create']>;
  },
};
