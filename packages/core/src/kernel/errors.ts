/** One problem found in an input: where it is (JSON Pointer-like path) and why it is wrong. */
export interface FieldProblem {
  /** Path of the offending value, e.g. `/materials/2/maxSizeMB`. Empty string for the whole document. */
  path: string;
  /** Stable machine code of the reason, e.g. `required`, `type`, `unknown_field`. */
  reason: string;
  /** Human explanation in Chinese and English. */
  message: { zh: string; en: string };
}

/**
 * Base class of every error the domain raises. The `code` is stable and namespaced (`catalog.not_found`);
 * the server maps codes to HTTP problems in one place, never inside the domain.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly detail: { zh: string; en: string },
    readonly data: Record<string, unknown> = {},
    readonly problems: FieldProblem[] = [],
  ) {
    super(detail.en);
    this.name = 'DomainError';
  }
}

/** A resource named by the caller does not exist. */
export class NotFoundError extends DomainError {
  constructor(code: string, what: { zh: string; en: string }, data: Record<string, unknown> = {}) {
    super(code, { zh: `未找到${what.zh}`, en: `${what.en} was not found` }, data);
  }
}

/** The input is invalid; every problem is listed. */
export class ValidationError extends DomainError {
  constructor(code: string, problems: FieldProblem[], detail?: { zh: string; en: string }) {
    super(
      code,
      detail ?? {
        zh: `输入有 ${problems.length} 处错误，请逐项修正后重试`,
        en: `The input has ${problems.length} problem(s); fix each one and try again`,
      },
      {},
      problems,
    );
  }
}

/** The request conflicts with the current state (stale revision, immutable version, duplicate). */
export class ConflictError extends DomainError {}
