/**
 * Frappe's own `has_permission` and `permission_query_conditions` hooks for
 * the core DocTypes Cortado ships (ToDo, Note, User, File).
 */
import type {
  PermissionHook,
  PermissionQueryCondition,
} from '../../engine/runtime/app-definition.js';
import { fileHasPermission, fileQueryCondition } from './file-rules.js';
import { noteHasPermission, noteQueryCondition } from './note-rules.js';
import { todoHasPermission, todoQueryCondition } from './todo-rules.js';
import { userHasPermission, userQueryCondition } from './user-rules.js';

export const CORE_PERMISSION_HOOKS: Readonly<Record<string, PermissionHook>> = {
  ToDo: todoHasPermission,
  Note: noteHasPermission,
  User: userHasPermission,
  File: fileHasPermission,
};

export const CORE_PERMISSION_QUERY_CONDITIONS: Readonly<Record<string, PermissionQueryCondition>> =
  {
    ToDo: todoQueryCondition,
    Note: noteQueryCondition,
    User: userQueryCondition,
    File: fileQueryCondition,
  };
