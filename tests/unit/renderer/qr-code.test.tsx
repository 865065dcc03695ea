import { renderToStaticMarkup } from 'react-dom/server';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { QrCode } from '../../../src/renderer/screens/QrCode';

const uri = 'otpauth://totp/S3%20Vault:alice?secret=JBSWY3DPEHPK3PXP&issuer=S3%20Vault';

describe('QrCode', () => {
  it('draws every dark module of the encoded otpauth link, with a quiet zone, as an accessible image', () => {
    const markup = renderToStaticMarkup(<QrCode text={uri} label="QR code for your authenticator app" />);
    const { size, data } = encode(uri, { ecc: 'M', border: 2 });
    const dark = data.flat().filter(Boolean).length;
    expect(markup).toContain('role="img"');
    expect(markup).toContain('aria-label="QR code for your authenticator app"');
    expect(markup).toContain(`viewBox="0 0 ${size} ${size}"`);
    expect(markup.match(/M\d+ \d+h1v1h-1z/g)).toHaveLength(dark);
    // The finder pattern's corner sits just inside the two-module quiet zone; the zone itself stays light.
    expect(markup).toContain('M2 2h1v1h-1z');
    expect(markup).not.toContain('M0 0h1v1h-1z');
  });
});
