/**
 * A fact read from the account, or why it could not be read: a read that was refused
 * degrades only the checks that needed it, to "not checked: why".
 */
export type Checked<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; why: string }>;

export const checked = <T>(value: T): Checked<T> => ({ ok: true, value });
export const notChecked = <T>(why: string): Checked<T> => ({ ok: false, why });
