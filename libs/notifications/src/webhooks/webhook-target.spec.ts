import { checkTargetUrl, isForbiddenAddress, TARGET_NOT_ALLOWED } from './webhook-target.js';

const strict = { allowHttp: true, allowPrivate: false };

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::7f00:1', // IPv4-compatible 127.0.0.1
    '::a00:1', // IPv4-compatible 10.0.0.1
    '::5db8:d70e', // IPv4-compatible, even of a public address: deprecated, never a real target
    '2002:7f00:1::', // 6to4 of 127.0.0.1
    '64:ff9b::7f00:1', // NAT64 of 127.0.0.1
    'not-an-address',
  ])('refuses %s', (address) => expect(isForbiddenAddress(address, strict)).toBe(true));

  it.each(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '::ffff:93.184.215.14'])(
    'allows the public address %s',
    (address) => expect(isForbiddenAddress(address, strict)).toBe(false),
  );

  it('allows anything with ALLOW_PRIVATE_WEBHOOKS', () => {
    expect(isForbiddenAddress('127.0.0.1', { allowHttp: false, allowPrivate: true })).toBe(false);
  });

  it.each(['http://127.0.0.1/h', 'http://[::7f00:1]/h', 'http://[::ffff:7f00:1]/h', 'http://10.0.0.1/h'])(
    'says only that %s is not allowed, never the address or its range',
    async (url) => {
      const problem = await checkTargetUrl(url, strict);
      expect(problem).toBe(TARGET_NOT_ALLOWED);
      expect(problem).not.toMatch(/127\.0\.0\.1|10\.0\.0\.1|7f00|loopback|private/);
    },
  );

  it('names the setting that allows http: for local development', async () => {
    expect(await checkTargetUrl('http://93.184.215.14/h', { allowHttp: false, allowPrivate: false })).toMatch(
      /ALLOW_HTTP_WEBHOOKS/,
    );
  });
});
