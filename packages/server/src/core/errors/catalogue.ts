import type { ExcType } from '@cortado/protocol';
import { FrappeError, type FrappeErrorOptions } from './frappe-error.js';

/**
 * One class per Frappe exception name. Each class fixes its `exc_type`; the
 * status comes from the protocol table, so code and wire never disagree.
 */
function errorClass(excType: ExcType) {
  return class extends FrappeError {
    constructor(message: string, options?: FrappeErrorOptions) {
      super(excType, message, options);
    }
  };
}

export const ValidationError = errorClass('ValidationError');
export const MandatoryError = errorClass('MandatoryError');
export const LinkValidationError = errorClass('LinkValidationError');
export const CancelledLinkError = errorClass('CancelledLinkError');
export const UniqueValidationError = errorClass('UniqueValidationError');
export const CharacterLengthExceededError = errorClass('CharacterLengthExceededError');
export const CannotChangeConstantError = errorClass('CannotChangeConstantError');
export const UpdateAfterSubmitError = errorClass('UpdateAfterSubmitError');
export const DocstatusTransitionError = errorClass('DocstatusTransitionError');
export const TimestampMismatchError = errorClass('TimestampMismatchError');
export const LinkExistsError = errorClass('LinkExistsError');
export const NonNegativeError = errorClass('NonNegativeError');
export const EmptyTableError = errorClass('EmptyTableError');
export const InvalidEmailAddressError = errorClass('InvalidEmailAddressError');
export const InvalidPhoneNumberError = errorClass('InvalidPhoneNumberError');
export const InvalidNameError = errorClass('InvalidNameError');
export const InvalidNamingSeriesError = errorClass('InvalidNamingSeriesError');
export const InvalidColumnName = errorClass('InvalidColumnName');
export const InvalidDates = errorClass('InvalidDates');
export const DataError = errorClass('DataError');
export const DocumentLockedError = errorClass('DocumentLockedError');
export const InvalidSignatureError = errorClass('InvalidSignatureError');
export const MaxFileSizeReachedError = errorClass('MaxFileSizeReachedError');
export const FileTypeNotAllowed = errorClass('FileTypeNotAllowed');
export const FolderNotEmpty = errorClass('FolderNotEmpty');
export const AttachmentLimitReached = errorClass('AttachmentLimitReached');
export const RateLimitExceededError = errorClass('RateLimitExceededError');
export const FrappeTypeError = errorClass('FrappeTypeError');
export const DoesNotExistError = errorClass('DoesNotExistError');
export const NameError = errorClass('NameError');
export const DuplicateEntryError = errorClass('DuplicateEntryError');
export const PermissionError = errorClass('PermissionError');
export const AuthenticationError = errorClass('AuthenticationError');
export const SessionExpired = errorClass('SessionExpired');
export const CSRFTokenError = errorClass('CSRFTokenError');
export const InvalidAuthorizationHeader = errorClass('InvalidAuthorizationHeader');
export const InvalidAuthorizationPrefix = errorClass('InvalidAuthorizationPrefix');
export const InvalidAuthorizationToken = errorClass('InvalidAuthorizationToken');
export const SecurityException = errorClass('SecurityException');
export const TooManyRequestsError = errorClass('TooManyRequestsError');
export const UnsupportedMediaType = errorClass('UnsupportedMediaType');
export const RequestEntityTooLarge = errorClass('RequestEntityTooLarge');
export const MethodNotAllowed = errorClass('MethodNotAllowed');
export const BadRequest = errorClass('BadRequest');
export const RequestTimeout = errorClass('RequestTimeout');
export const RequestHeaderFieldsTooLarge = errorClass('RequestHeaderFieldsTooLarge');
export const QueryTimeoutError = errorClass('QueryTimeoutError');
export const QueryDeadlockError = errorClass('QueryDeadlockError');
/** Thrown by a job to have its worker roll back and run it again (Frappe's `RetryBackgroundJobError`). */
export const RetryBackgroundJobError = errorClass('RetryBackgroundJobError');
export const QueueOverloaded = errorClass('QueueOverloaded');
export const ServiceUnavailableError = errorClass('ServiceUnavailableError');
export const SessionStopped = errorClass('SessionStopped');
export const InReadOnlyMode = errorClass('InReadOnlyMode');

/** Raised for configuration problems at start-up; the CLI prints its message as one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A backup or restore that could not be completed; nothing it started is left behind. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}
