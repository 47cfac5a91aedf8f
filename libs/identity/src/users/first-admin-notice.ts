/**
 * How the generated password of the first admin reaches the person who started the service, once: a log
 * line that names the email and the password plainly, and, when stderr is a terminal (someone is
 * watching `npm start`, whose log lines are JSON), the same in plain text there.
 */
export interface FirstAdminNotice {
  logLine: string;
  terminalText: string;
}

export function firstAdminNotice(email: string, password: string): FirstAdminNotice {
  const recovery = `if it is lost: npm run admin -- reset-password ${email}`;
  return {
    logLine:
      `created the first admin ${email} with the generated password ${password} (shown only this once; ` +
      `sign in and change it with POST /api/v1/users/me/password; ${recovery})`,
    terminalText: [
      '',
      'Landbridge created the first admin:',
      `  email     ${email}`,
      `  password  ${password}`,
      'The password is shown only this once. Sign in and change it (POST /api/v1/users/me/password);',
      `${recovery}`,
      '',
      '',
    ].join('\n'),
  };
}

/** Writes `text` to `stream` when it is a terminal (a person reads it), else nothing. */
export function writeIfTerminal(stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'>, text: string): boolean {
  if (!stream.isTTY) return false;
  stream.write(text);
  return true;
}
