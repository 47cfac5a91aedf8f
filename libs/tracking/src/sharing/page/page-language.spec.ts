import { pageLanguage } from './page-language.js';

describe('pageLanguage', () => {
  it('takes ?lang= first when it names a language of the page', () => {
    expect(pageLanguage('ru', 'zh-CN,zh;q=0.9')).toBe('ru');
    expect(pageLanguage('ZH', undefined)).toBe('zh');
    expect(pageLanguage('de', 'ru-RU')).toBe('ru');
  });

  it('takes the preferred Accept-Language range that the page has, by q-value then order', () => {
    expect(pageLanguage(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(pageLanguage(undefined, 'de-DE, ru;q=0.7, en;q=0.5')).toBe('ru');
    expect(pageLanguage(undefined, 'en;q=0.4, ru-RU;q=0.9')).toBe('ru');
    expect(pageLanguage(undefined, 'kk, ru, en')).toBe('ru');
  });

  it('ignores ranges with q=0 and falls back to English', () => {
    expect(pageLanguage(undefined, 'ru;q=0, de')).toBe('en');
    expect(pageLanguage(undefined, '*')).toBe('en');
    expect(pageLanguage(undefined, '')).toBe('en');
    expect(pageLanguage(undefined, undefined)).toBe('en');
    expect(pageLanguage(undefined, ';;,,q=x')).toBe('en');
  });
});
