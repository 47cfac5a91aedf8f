export const ROLES = ['admin', 'operator', 'exporter'] as const;
export type Role = (typeof ROLES)[number];

export const ANY_ROLE: readonly Role[] = ROLES;
