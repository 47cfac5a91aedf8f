export const ROLES = ['admin', 'operator', 'exporter'] as const;
export type Role = (typeof ROLES)[number];

/** Platform and terminal staff: they see every organization's data. */
export const STAFF: readonly Role[] = ['admin', 'operator'];
export const ANY_ROLE: readonly Role[] = ROLES;
