/**
 * Frappe's exception names (the `exc_type` of an error body) and the HTTP status
 * Frappe answers with for each. This table is the stable contract between the
 * server and every client; `docs/errors.md` lists the same rows.
 *
 * @example
 * EXC_TYPES.DoesNotExistError.status // 404
 */
export const EXC_TYPES = {
  ValidationError: { status: 417, parent: null },
  MandatoryError: { status: 417, parent: 'ValidationError' },
  LinkValidationError: { status: 417, parent: 'ValidationError' },
  CancelledLinkError: { status: 417, parent: 'LinkValidationError' },
  UniqueValidationError: { status: 417, parent: 'ValidationError' },
  CharacterLengthExceededError: { status: 417, parent: 'ValidationError' },
  CannotChangeConstantError: { status: 417, parent: 'ValidationError' },
  UpdateAfterSubmitError: { status: 417, parent: 'ValidationError' },
  DocstatusTransitionError: { status: 417, parent: 'ValidationError' },
  TimestampMismatchError: { status: 417, parent: 'ValidationError' },
  LinkExistsError: { status: 417, parent: 'ValidationError' },
  NonNegativeError: { status: 417, parent: 'ValidationError' },
  EmptyTableError: { status: 417, parent: 'ValidationError' },
  InvalidEmailAddressError: { status: 417, parent: 'ValidationError' },
  InvalidPhoneNumberError: { status: 417, parent: 'ValidationError' },
  InvalidNameError: { status: 417, parent: 'ValidationError' },
  InvalidNamingSeriesError: { status: 417, parent: 'ValidationError' },
  InvalidColumnName: { status: 417, parent: 'ValidationError' },
  InvalidDates: { status: 417, parent: 'ValidationError' },
  DataError: { status: 417, parent: 'ValidationError' },
  DocumentLockedError: { status: 417, parent: 'ValidationError' },
  InvalidSignatureError: { status: 417, parent: 'ValidationError' },
  MaxFileSizeReachedError: { status: 417, parent: 'ValidationError' },
  FileTypeNotAllowed: { status: 417, parent: 'ValidationError' },
  FolderNotEmpty: { status: 417, parent: 'ValidationError' },
  AttachmentLimitReached: { status: 417, parent: 'ValidationError' },
  RateLimitExceededError: { status: 429, parent: 'ValidationError' },
  FrappeTypeError: { status: 417, parent: null },
  DoesNotExistError: { status: 404, parent: 'ValidationError' },
  NameError: { status: 409, parent: null },
  DuplicateEntryError: { status: 409, parent: 'NameError' },
  PermissionError: { status: 403, parent: null },
  AuthenticationError: { status: 401, parent: null },
  SessionExpired: { status: 401, parent: null },
  CSRFTokenError: { status: 400, parent: null },
  InvalidAuthorizationHeader: { status: 400, parent: 'CSRFTokenError' },
  InvalidAuthorizationPrefix: { status: 400, parent: 'CSRFTokenError' },
  InvalidAuthorizationToken: { status: 400, parent: 'CSRFTokenError' },
  SecurityException: { status: 429, parent: null },
  TooManyRequestsError: { status: 429, parent: null },
  UnsupportedMediaType: { status: 415, parent: null },
  RequestEntityTooLarge: { status: 413, parent: null },
  MethodNotAllowed: { status: 405, parent: null },
  BadRequest: { status: 400, parent: null },
  RequestTimeout: { status: 408, parent: null },
  RequestHeaderFieldsTooLarge: { status: 431, parent: null },
  QueryTimeoutError: { status: 500, parent: null },
  QueryDeadlockError: { status: 500, parent: null },
  RetryBackgroundJobError: { status: 500, parent: null },
  QueueOverloaded: { status: 503, parent: null },
  ServiceUnavailableError: { status: 503, parent: null },
  SessionStopped: { status: 503, parent: null },
  InReadOnlyMode: { status: 503, parent: 'ValidationError' },
  Exception: { status: 500, parent: null },
  ServerScriptNotEnabled: { status: 403, parent: 'PermissionError' },
} as const satisfies Record<string, { status: number; parent: string | null }>;

/** A Frappe exception name, as sent in `exc_type`. */
export type ExcType = keyof typeof EXC_TYPES;

/** HTTP status Frappe uses for an exception name; unknown names are 500. */
export function statusForExcType(excType: string): number {
  return (EXC_TYPES as Record<string, { status: number }>)[excType]?.status ?? 500;
}
