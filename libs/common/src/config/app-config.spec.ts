import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('uses defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.METRICS_PUBLIC).toBe(false);
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
});
