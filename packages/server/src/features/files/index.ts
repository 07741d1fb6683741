/** Files: the File DocType's controller, attachments of every DocType, uploads and serving. */
export { fileController } from './file-controller.js';
export { ATTACHMENT_EVENTS } from './attachments.js';
export { installFileFolders } from './folders.js';
export { guessType, isActiveContent } from './mime.js';
export { keyOfUrl, presignedDownloadExpiry, siteStorage, urlOf } from './site-storage.js';
export { readableFileRow } from './file-access.js';
export {
  assertUploaderAllowed,
  prepareUploadHandoff,
  uploadFile,
  type UploadHandoff,
  type UploadRequest,
} from './upload-file.js';
export { maxSizeMessage, readFileSettings } from './file-settings.js';
export { stageStream, type StagedContent } from './staged-content.js';
export { sweepFileOrphans, type SweepResult } from './sweep-orphans.js';
export {
  checkResumableUpload,
  finishResumableUpload,
  RESUMABLE_OWNER_KEY,
  type ResumableMetadata,
} from './resumable-upload.js';
export {
  resumableStore,
  resumableStoreOf,
  sweepResumableUploads,
  sweepResumableUploadsWhenDue,
} from './resumable-store.js';
