import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { createLogger, withoutCredentials } from './logger.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('the log', () => {
  it('keeps a failed query but not its bind parameters or the values PostgreSQL quotes', () => {
    const { lines, stream } = capture();
    const driverError = Object.assign(
      new Error('duplicate key value violates unique constraint "users_email_unique"'),
      {
        code: '23505',
        detail: 'Key (email)=(someone@example.test) already exists.',
      },
    );
    const error = new QueryFailedError(
      'INSERT INTO users (email, password_hash) VALUES ($1, $2)',
      ['someone@example.test', '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0'],
      driverError,
    );
    createLogger('info', stream).error({ err: error }, 'unhandled error');
    const line = lines.join('');
    expect(line).toContain('INSERT INTO users');
    expect(line).toContain('23505');
    expect(line).not.toContain('someone@example.test');
    expect(line).not.toContain('argon2id');
  });

  it('never shows the credentials of a URL', () => {
    expect(withoutCredentials('nats://landbridge:s3cret@nats.internal:4222')).toBe('nats://***@nats.internal:4222');
    expect(withoutCredentials('nats://token@a:4222,nats://u:p@b:4222')).toBe('nats://***@a:4222,nats://***@b:4222');
    expect(withoutCredentials('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  });
});
