import { CopyButton } from '../components/CopyButton';
import { QrCode } from './QrCode';

interface TotpSetupProps {
  otpauthUri: string;
  secretCode: string;
}

/**
 * First-time authenticator setup: a QR code of the otpauth:// link to scan,
 * and the setup key for authenticators that take it typed in.
 */
export function TotpSetup({ otpauthUri, secretCode }: TotpSetupProps) {
  const grouped = secretCode.replace(/(.{4})/g, '$1 ').trim();
  return (
    <div className="stack totp-setup">
      <p>
        This account uses a second step. In your authenticator app, scan this QR code (or type the setup key), then
        enter the six-digit code it shows.
      </p>
      <QrCode text={otpauthUri} label="QR code for your authenticator app" />
      <label className="field">
        <span>Setup key</span>
        <input readOnly value={grouped} className="mono" />
      </label>
      <label className="field">
        <span>Setup link</span>
        <input readOnly value={otpauthUri} className="mono" />
      </label>
      <div className="actions actions-start">
        <CopyButton text={secretCode} label="Copy setup key" />
      </div>
    </div>
  );
}
