/** Expected failures as values: every driver result is a `Result` with a string `code` on failure. */
export type Result<T, C extends string = string> = { ok: true; value: T } | { ok: false; error: DriverError<C> };

export interface DriverError<C extends string = string> {
  code: C;
  /** English, for logs and technicians; the UI translates by `code`. */
  message: string;
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<C extends string>(code: C, message: string): { ok: false; error: DriverError<C> } {
  return { ok: false, error: { code, message } };
}
