import { CopyButton } from '../components/CopyButton';

interface TotpSetupProps {
  otpauthUri: string;
  secretCode: string;
}

/**
 * First-time authenticator setup. No QR code: the app has no QR encoder and
 * adds no dependency for one; every authenticator accepts the key typed in,
 * and many accept the otpauth:// link pasted.
 */
export function TotpSetup({ otpauthUri, secretCode }: TotpSetupProps) {
  const grouped = secretCode.replace(/(.{4})/g, '$1 ').trim();
  return (
    <div className="stack totp-setup">
      <p>
        This account uses a second step. In your authenticator app, add an account with this setup key (time-based),
        then enter the six-digit code it shows.
      </p>
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
