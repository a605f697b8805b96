import fs from 'node:fs';

// The CJK font of the PDF report: Noto Sans SC (SIL Open Font License), TrueType, shipped inside the npm package
// @expo-google-fonts/noto-sans-sc — installed by `npm ci`, never fetched at run time. Read once, on first use.
let cached: Buffer | null = null;

export const FONT_MODULE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

export function reportFontBytes(): Buffer {
  cached ??= fs.readFileSync(require.resolve(FONT_MODULE));
  return cached;
}
