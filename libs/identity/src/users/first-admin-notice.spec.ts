import { firstAdminNotice, writeIfTerminal } from './first-admin-notice.js';

describe('the notice of the first admin', () => {
  const notice = firstAdminNotice('admin@localhost', 'JiMZHrv8kyjKLZLNHV7As-p4');

  it('names the email and the password plainly in one log line, and how to recover', () => {
    expect(notice.logLine).toMatch(
      /^created the first admin admin@localhost with the generated password JiMZHrv8kyjKLZLNHV7As-p4 \(shown only this once;/,
    );
    expect(notice.logLine).not.toContain('\n');
    expect(notice.logLine).toContain('npm run admin -- reset-password admin@localhost');
  });

  it('is written in plain text to a terminal, and to nothing else', () => {
    const written: string[] = [];
    const terminal = { isTTY: true, write: (text: string) => written.push(text) > 0 };
    expect(writeIfTerminal(terminal, notice.terminalText)).toBe(true);
    expect(written.join('')).toMatch(/email {5}admin@localhost\n {2}password {2}JiMZHrv8kyjKLZLNHV7As-p4\n/);
    expect(writeIfTerminal({ ...terminal, isTTY: false }, notice.terminalText)).toBe(false);
    expect(written).toHaveLength(1);
  });
});
