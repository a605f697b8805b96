// QR codes as inline SVG (no image file, nothing from third parties). The qrcode package is loaded on first use only:
// drawing a code is rare (TOTP enrolment, code slips), so the server does not load it at start.

export async function qrSvg(text: string, margin = 2): Promise<string> {
  const QRCode = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', margin, errorCorrectionLevel: 'M' });
}
