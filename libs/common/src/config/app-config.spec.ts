import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('uses defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.METRICS_PUBLIC).toBe(false);
    expect(config.HOST).toBe('127.0.0.1');
  });

  it('says one thing about a bad variable, however many of its checks fail', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(
      new ConfigError('Invalid configuration:\n  - PORT: PORT must be a whole number from 0 to 65535'),
    );
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/^Invalid configuration:\n {2}- PORT: [^\n]+$/);
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('reads typed values', () => {
    const config = loadConfig({ PORT: '8080', METRICS_PUBLIC: 'true', DATABASE_URL: 'postgres://u@h:5432/d' });
    expect(config.PORT).toBe(8080);
    expect(config.METRICS_PUBLIC).toBe(true);
    expect(config.DATABASE_URL).toBe('postgres://u@h:5432/d');
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect((error as Error).message).toContain('PORT must be a whole number');
      expect((error as Error).message).toContain('DATABASE_URL must look like postgres://');
    }
  });

  it('reads TRUST_PROXY as hops or addresses, and an empty optional setting as unset', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe('1');
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1' }).TRUST_PROXY).toBe('10.0.0.0/8, ::1');
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must be a hop count/);
    const empty = loadConfig({ TRUST_PROXY: '', SECRETS_KEY: '' });
    expect(empty.TRUST_PROXY).toBeUndefined();
    expect(empty.SECRETS_KEY).toBeUndefined();
    expect(() => loadConfig({ SECRETS_KEY: 'short' })).toThrow(/SECRETS_KEY must be at least 32 characters/);
  });
});
