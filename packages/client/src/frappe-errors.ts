import { EXC_TYPES, type ExcType } from '@cortado/protocol';
import { FrappeError, type FrappeErrorInit } from './errors.js';

/*
 * One class per exception name of Frappe's catalogue (`EXC_TYPES` in the
 * protocol), each extending its Frappe parent so `instanceof` works as
 * `except` does in Python: a MandatoryError is a ValidationError.
 */

/** Frappe's `ValidationError` (HTTP 417). */
export class ValidationError extends FrappeError {}

/** Frappe's `MandatoryError` (HTTP 417); a kind of `ValidationError`. */
export class MandatoryError extends ValidationError {}

/** Frappe's `LinkValidationError` (HTTP 417); a kind of `ValidationError`. */
export class LinkValidationError extends ValidationError {}

/** Frappe's `CancelledLinkError` (HTTP 417); a kind of `LinkValidationError`. */
export class CancelledLinkError extends LinkValidationError {}

/** Frappe's `UniqueValidationError` (HTTP 417); a kind of `ValidationError`. */
export class UniqueValidationError extends ValidationError {}

/** Frappe's `CharacterLengthExceededError` (HTTP 417); a kind of `ValidationError`. */
export class CharacterLengthExceededError extends ValidationError {}

/** Frappe's `CannotChangeConstantError` (HTTP 417); a kind of `ValidationError`. */
export class CannotChangeConstantError extends ValidationError {}

/** Frappe's `UpdateAfterSubmitError` (HTTP 417); a kind of `ValidationError`. */
export class UpdateAfterSubmitError extends ValidationError {}

/** Frappe's `DocstatusTransitionError` (HTTP 417); a kind of `ValidationError`. */
export class DocstatusTransitionError extends ValidationError {}

/** Frappe's `TimestampMismatchError` (HTTP 417); a kind of `ValidationError`. */
export class TimestampMismatchError extends ValidationError {}

/** Frappe's `LinkExistsError` (HTTP 417); a kind of `ValidationError`. */
export class LinkExistsError extends ValidationError {}

/** Frappe's `NonNegativeError` (HTTP 417); a kind of `ValidationError`. */
export class NonNegativeError extends ValidationError {}

/** Frappe's `EmptyTableError` (HTTP 417); a kind of `ValidationError`. */
export class EmptyTableError extends ValidationError {}

/** Frappe's `InvalidEmailAddressError` (HTTP 417); a kind of `ValidationError`. */
export class InvalidEmailAddressError extends ValidationError {}

/** Frappe's `InvalidPhoneNumberError` (HTTP 417); a kind of `ValidationError`. */
export class InvalidPhoneNumberError extends ValidationError {}

/** Frappe's `InvalidNameError` (HTTP 417); a kind of `ValidationError`. */
export class InvalidNameError extends ValidationError {}

/** Frappe's `InvalidNamingSeriesError` (HTTP 417); a kind of `ValidationError`. */
export class InvalidNamingSeriesError extends ValidationError {}

/** Frappe's `InvalidColumnName` (HTTP 417); a kind of `ValidationError`. */
export class InvalidColumnName extends ValidationError {}

/** Frappe's `InvalidDates` (HTTP 417); a kind of `ValidationError`. */
export class InvalidDates extends ValidationError {}

/** Frappe's `DataError` (HTTP 417); a kind of `ValidationError`. */
export class DataError extends ValidationError {}

/** Frappe's `DocumentLockedError` (HTTP 417); a kind of `ValidationError`. */
export class DocumentLockedError extends ValidationError {}

/** Frappe's `InvalidSignatureError` (HTTP 417); a kind of `ValidationError`. */
export class InvalidSignatureError extends ValidationError {}

/** Frappe's `RateLimitExceededError` (HTTP 429); a kind of `ValidationError`. */
export class RateLimitExceededError extends ValidationError {}

/** Frappe's `FrappeTypeError` (HTTP 417). */
export class FrappeTypeError extends FrappeError {}

/** Frappe's `DoesNotExistError` (HTTP 404); a kind of `ValidationError`. */
export class DoesNotExistError extends ValidationError {}

/** Frappe's `NameError` (HTTP 409). */
export class NameError extends FrappeError {}

/** Frappe's `DuplicateEntryError` (HTTP 409); a kind of `NameError`. */
export class DuplicateEntryError extends NameError {}

/** Frappe's `PermissionError` (HTTP 403). */
export class PermissionError extends FrappeError {}

/** Frappe's `AuthenticationError` (HTTP 401). */
export class AuthenticationError extends FrappeError {}

/** Frappe's `SessionExpired` (HTTP 401). */
export class SessionExpired extends FrappeError {}

/** Frappe's `MaxFileSizeReachedError` (HTTP 417); a kind of `ValidationError`. */
export class MaxFileSizeReachedError extends ValidationError {}

/** Frappe's `FileTypeNotAllowed` (HTTP 417); a kind of `ValidationError`. */
export class FileTypeNotAllowed extends ValidationError {}

/** Frappe's `FolderNotEmpty` (HTTP 417); a kind of `ValidationError`. */
export class FolderNotEmpty extends ValidationError {}

/** Frappe's `AttachmentLimitReached` (HTTP 417); a kind of `ValidationError`. */
export class AttachmentLimitReached extends ValidationError {}

/** `BadRequest` (HTTP 400): a request the server could not parse. */
export class BadRequest extends FrappeError {}

/** `RequestTimeout` (HTTP 408): the request was not received in time. */
export class RequestTimeout extends FrappeError {}

/** `RequestHeaderFieldsTooLarge` (HTTP 431): the request head was too large. */
export class RequestHeaderFieldsTooLarge extends FrappeError {}

/** Frappe's `CSRFTokenError` (HTTP 400). */
export class CSRFTokenError extends FrappeError {}

/** Frappe's `InvalidAuthorizationHeader` (HTTP 400); a kind of `CSRFTokenError`. */
export class InvalidAuthorizationHeader extends CSRFTokenError {}

/** Frappe's `InvalidAuthorizationPrefix` (HTTP 400); a kind of `CSRFTokenError`. */
export class InvalidAuthorizationPrefix extends CSRFTokenError {}

/** Frappe's `InvalidAuthorizationToken` (HTTP 400); a kind of `CSRFTokenError`. */
export class InvalidAuthorizationToken extends CSRFTokenError {}

/** Frappe's `SecurityException` (HTTP 429). */
export class SecurityException extends FrappeError {}

/** Frappe's `TooManyRequestsError` (HTTP 429). */
export class TooManyRequestsError extends FrappeError {}

/** Frappe's `UnsupportedMediaType` (HTTP 415). */
export class UnsupportedMediaType extends FrappeError {}

/** Frappe's `RequestEntityTooLarge` (HTTP 413). */
export class RequestEntityTooLarge extends FrappeError {}

/** Frappe's `MethodNotAllowed` (HTTP 405). */
export class MethodNotAllowed extends FrappeError {}

/** Frappe's `QueryTimeoutError` (HTTP 500). */
export class QueryTimeoutError extends FrappeError {}

/** Frappe's `QueryDeadlockError` (HTTP 500). */
export class QueryDeadlockError extends FrappeError {}

/** Frappe's `RetryBackgroundJobError` (HTTP 500): a background job asked to run again. */
export class RetryBackgroundJobError extends FrappeError {}

/** Frappe's `QueueOverloaded` (HTTP 503): a job queue is full; retry later. */
export class QueueOverloaded extends FrappeError {}

/** Frappe's `ServiceUnavailableError` (HTTP 503). */
export class ServiceUnavailableError extends FrappeError {}

/** Frappe's `SessionStopped` (HTTP 503). */
export class SessionStopped extends FrappeError {}

/** Frappe's `InReadOnlyMode` (HTTP 503); a kind of `ValidationError`. */
export class InReadOnlyMode extends ValidationError {}

/** Frappe's `ServerScriptNotEnabled` (HTTP 403); a kind of `PermissionError`. */
export class ServerScriptNotEnabled extends PermissionError {}

/** Each `exc_type` of the catalogue and its class. `Exception` is {@link FrappeError} itself. */
export const ERROR_CLASSES: {
  readonly [K in ExcType]: new (init: FrappeErrorInit) => FrappeError;
} = {
  ValidationError: ValidationError,
  MandatoryError: MandatoryError,
  LinkValidationError: LinkValidationError,
  CancelledLinkError: CancelledLinkError,
  UniqueValidationError: UniqueValidationError,
  CharacterLengthExceededError: CharacterLengthExceededError,
  CannotChangeConstantError: CannotChangeConstantError,
  UpdateAfterSubmitError: UpdateAfterSubmitError,
  DocstatusTransitionError: DocstatusTransitionError,
  TimestampMismatchError: TimestampMismatchError,
  MaxFileSizeReachedError: MaxFileSizeReachedError,
  FileTypeNotAllowed: FileTypeNotAllowed,
  FolderNotEmpty: FolderNotEmpty,
  AttachmentLimitReached: AttachmentLimitReached,
  BadRequest: BadRequest,
  RequestTimeout: RequestTimeout,
  RequestHeaderFieldsTooLarge: RequestHeaderFieldsTooLarge,
  LinkExistsError: LinkExistsError,
  NonNegativeError: NonNegativeError,
  EmptyTableError: EmptyTableError,
  InvalidEmailAddressError: InvalidEmailAddressError,
  InvalidPhoneNumberError: InvalidPhoneNumberError,
  InvalidNameError: InvalidNameError,
  InvalidNamingSeriesError: InvalidNamingSeriesError,
  InvalidColumnName: InvalidColumnName,
  InvalidDates: InvalidDates,
  DataError: DataError,
  DocumentLockedError: DocumentLockedError,
  InvalidSignatureError: InvalidSignatureError,
  RateLimitExceededError: RateLimitExceededError,
  FrappeTypeError: FrappeTypeError,
  DoesNotExistError: DoesNotExistError,
  NameError: NameError,
  DuplicateEntryError: DuplicateEntryError,
  PermissionError: PermissionError,
  AuthenticationError: AuthenticationError,
  SessionExpired: SessionExpired,
  CSRFTokenError: CSRFTokenError,
  InvalidAuthorizationHeader: InvalidAuthorizationHeader,
  InvalidAuthorizationPrefix: InvalidAuthorizationPrefix,
  InvalidAuthorizationToken: InvalidAuthorizationToken,
  SecurityException: SecurityException,
  TooManyRequestsError: TooManyRequestsError,
  UnsupportedMediaType: UnsupportedMediaType,
  RequestEntityTooLarge: RequestEntityTooLarge,
  MethodNotAllowed: MethodNotAllowed,
  QueryTimeoutError: QueryTimeoutError,
  QueryDeadlockError: QueryDeadlockError,
  RetryBackgroundJobError: RetryBackgroundJobError,
  QueueOverloaded: QueueOverloaded,
  ServiceUnavailableError: ServiceUnavailableError,
  SessionStopped: SessionStopped,
  InReadOnlyMode: InReadOnlyMode,
  ServerScriptNotEnabled: ServerScriptNotEnabled,
  Exception: FrappeError,
};

/** The class used when a body names no known `exc_type`: chosen by the HTTP status. */
const BY_STATUS: Readonly<Record<number, ExcType>> = {
  401: 'AuthenticationError',
  403: 'PermissionError',
  404: 'DoesNotExistError',
  409: 'DuplicateEntryError',
  417: 'ValidationError',
  429: 'TooManyRequestsError',
  503: 'ServiceUnavailableError',
};

/**
 * Builds the typed error for a reply: the class named by `exc_type`, else the
 * class Frappe uses for the status. A 417 `RateLimitExceededError` (Frappe
 * v14/v15) is reported with status 429, as newer Frappe and Cortado send it.
 *
 * @example
 * const error = createFrappeError({ excType: 'MandatoryError', status: 417, messages: [], body: {} });
 * error instanceof ValidationError; // true
 */
export function createFrappeError(init: FrappeErrorInit): FrappeError {
  const status =
    init.excType === 'RateLimitExceededError' && init.status === 417 ? 429 : init.status;
  const known = Object.hasOwn(EXC_TYPES, init.excType)
    ? ERROR_CLASSES[init.excType as ExcType]
    : ERROR_CLASSES[BY_STATUS[status] ?? 'Exception'];
  return new known({ ...init, status });
}
