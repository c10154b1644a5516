/**
 * Expected failures as values: the one `Result` of the code base (drivers, data, features, core,
 * shells and the API contract alike). A failure carries an error with a string `code` and an
 * English `message`; a richer error adds its own fields.
 *
 *   Result<T>                       error: { code: string; message: string }
 *   Result<T, 'a' | 'b'>            error: { code: 'a' | 'b'; message: string }
 *   Result<T, BackofficeError>      error: BackofficeError (code, message, status?, remoteCode?)
 */

/** The least an error carries. */
export interface CodedError<C extends string = string> {
  code: C;
  /** English, for logs and technicians; the UI translates by `code`. */
  message: string;
}

/** What a Result's error parameter may be: a union of codes, or an error type with `code` and `message`. */
export type ErrorSpec = string | CodedError;

/** The error of a Result: `CodedError<E>` when `E` names codes, else `E` itself. */
export type ErrorOf<E extends ErrorSpec> = [E] extends [string] ? CodedError<E> : E;

export type Ok<T> = { ok: true; value: T };
/** The failing half of a Result, by its error object (`Err<CodedError<'a'>>`, `Err<BackofficeError>`). */
export type Err<E = CodedError> = { ok: false; error: E };
export type Result<T, E extends ErrorSpec = string> = Ok<T> | Err<ErrorOf<E>>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/**
 * A failure: `err(code, message)`, `err(code, message, { status })` (the extra fields follow
 * `code` and `message`), or `err(error)` for an error object already built.
 */
export function err<C extends string>(code: C, message: string): Err<CodedError<C>>;
export function err<C extends string, X extends object>(code: C, message: string, extra: X): Err<CodedError<C> & X>;
export function err<E extends CodedError>(error: E): Err<E>;
export function err(codeOrError: string | CodedError, message?: string, extra?: object): { ok: false; error: CodedError } {
  if (typeof codeOrError !== 'string') return { ok: false, error: codeOrError };
  return { ok: false, error: { code: codeOrError, message: message ?? '', ...extra } };
}
