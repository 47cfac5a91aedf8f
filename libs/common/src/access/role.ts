export const ROLES = ['admin', 'operator', 'exporter'] as const;
export type Role = (typeof ROLES)[number];

/** Every role, for routes any signed-in caller may use. */
export const ANY_ROLE: readonly Role[] = [...ROLES];
