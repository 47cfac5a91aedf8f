/** The languages of the public tracking page: the corridor's own (Chinese, Russian) and English. */
export const PAGE_LANGUAGES = ['en', 'zh', 'ru'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

const isPageLanguage = (tag: string): tag is PageLanguage => (PAGE_LANGUAGES as readonly string[]).includes(tag);

/**
 * The page's language: `?lang=` when it names one of ours (the switcher's links), else the first of
 * Accept-Language's ranges by q-value (RFC 9110 §12.5.4; `zh-CN`, `ru-RU` match by their primary tag,
 * `*` takes the default), else English. Written here because the header's grammar needs a dozen lines and
 * the well-kept parser in node_modules (@fastify/accept-negotiator) is only a transitive dependency.
 */
export function pageLanguage(query: string | undefined, acceptLanguage: string | undefined): PageLanguage {
  const asked = query?.trim().toLowerCase();
  if (asked && isPageLanguage(asked)) return asked;
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .slice(0, 32)
    .map((part, order) => {
      const [range = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: range.trim().split('-')[0]!, q: q === undefined ? 1 : Number(q), order };
    })
    .filter((range) => range.q > 0 && range.primary !== '')
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const range of ranges) {
    if (range.primary === '*') return 'en';
    if (isPageLanguage(range.primary)) return range.primary;
  }
  return 'en';
}
