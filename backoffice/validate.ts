/**
 * Tiny request checks for the reference back office (it depends on nothing but Node and
 * better-sqlite3, like an adapter a province might write). Each check returns the value or
 * throws a `BadRequestError`, turned into a 400 by the router.
 */
export class BadRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Obj = Record<string, unknown>;

export function obj(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new BadRequestError('invalid-request', `${where} must be an object`);
  return v as Obj;
}

export function str(o: Obj, key: string, opts: { max?: number; min?: number } = {}): string {
  const v = o[key];
  if (typeof v !== 'string') throw new BadRequestError('invalid-request', `${key} must be a string`);
  if (v.length < (opts.min ?? 1) || v.length > (opts.max ?? 4000))
    throw new BadRequestError('invalid-request', `${key} has a bad length`);
  return v;
}

export function optStr(o: Obj, key: string, opts: { max?: number; min?: number } = {}): string | null {
  return o[key] === undefined || o[key] === null ? null : str(o, key, opts);
}

export function int(o: Obj, key: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new BadRequestError('invalid-request', `${key} must be a whole number in ${min}…${max}`);
  return v;
}

export function num(o: Obj, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadRequestError('invalid-request', `${key} must be a number`);
  return v;
}

export function oneOf<T extends string>(o: Obj, key: string, values: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
    throw new BadRequestError('invalid-request', `${key} must be one of ${values.join(', ')}`);
  return v as T;
}

export function arr(o: Obj, key: string, max: number): unknown[] {
  const v = o[key];
  if (!Array.isArray(v) || v.length > max)
    throw new BadRequestError('invalid-request', `${key} must be a list of at most ${max}`);
  return v;
}

export const ID_TYPES = ['resident', 'hk-macau', 'taiwan', 'foreign-permanent'] as const;

export interface Person {
  idType: string;
  idNumber: string;
  name: string;
  address: string | null;
  phone: string | null;
}

export function person(v: unknown, where: string): Person {
  const o = obj(v, where);
  return {
    idType: oneOf(o, 'idType', ID_TYPES),
    idNumber: str(o, 'idNumber', { max: 32 }),
    name: str(o, 'name', { max: 100 }),
    address: optStr(o, 'address', { max: 200, min: 0 }),
    phone: optStr(o, 'phone', { max: 32, min: 0 }),
  };
}
