import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for secrets the service must keep usable but never keep in clear (webhook signing
 * secrets). A sealed value reads `v1.<key fingerprint>.<base64url iv|tag|ciphertext>`: the fingerprint
 * says which key sealed it, so a changed key is reported as such rather than as a corrupt value.
 */
export class SecretBox {
  private readonly key: Buffer;
  readonly fingerprint: string;

  /** `material`: SECRETS_KEY's text, or the random bytes kept in the database. */
  constructor(material: string | Uint8Array) {
    this.key = Buffer.from(hkdfSync('sha256', material, 'landbridge', 'secret-box/v1', 32));
    this.fingerprint = createHash('sha256').update(this.key).digest('base64url').slice(0, 8);
  }

  static isSealed(value: string): boolean {
    return value.startsWith(`${VERSION}.`);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
    return `${VERSION}.${this.fingerprint}.${sealed}`;
  }

  open(value: string): string {
    const [version, fingerprint, sealed] = value.split('.');
    if (version !== VERSION || !fingerprint || !sealed) throw new Error('not a sealed secret');
    if (fingerprint !== this.fingerprint) {
      throw new Error(
        `sealed under another key (${fingerprint}, this one is ${this.fingerprint}): was SECRETS_KEY changed?`,
      );
    }
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
