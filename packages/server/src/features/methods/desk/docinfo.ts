import type { Context } from '../../../engine/context.js';
import type { Doc } from '../../../engine/doc.js';
import { getDocPermissions } from '../../../engine/permissions/index.js';
import { getAll } from '../../../engine/query/index.js';

/** Comment types and the `docinfo` list the form timeline shows them in (Frappe's `add_comments`). */
const COMMENT_LISTS: Readonly<Record<string, string>> = {
  Comment: 'comments',
  Assigned: 'assignment_logs',
  'Assignment Completed': 'assignment_logs',
  Attachment: 'attachment_logs',
  'Attachment Removed': 'attachment_logs',
  Info: 'info_logs',
  Edit: 'info_logs',
  Label: 'info_logs',
  Like: 'like_logs',
  Workflow: 'workflow_logs',
};

/** ToDo states that no longer count as an assignment. */
const CLOSED_TODO = ['Cancelled', 'Closed'];

type Row = Record<string, unknown>;

/**
 * The desk form's side information about one document, in the shape of
 * Frappe's `frappe.desk.form.load.get_docinfo`: attachments, comments split
 * by type, the last versions, open assignments, the caller's rights, shares
 * and who is named in them (`user_info`). Keys for records Cortado does not
 * keep (communications, view logs, energy points, milestones) are present
 * and empty, so a desk client reads them as Frappe's "none yet". The caller
 * has already been allowed to read `doc`; the rows here belong to it.
 */
export async function getDocinfo(ctx: Context, doc: Doc): Promise<Record<string, unknown>> {
  const doctype = doc.doctype;
  const name = String(doc.name);
  const comments = await commentLists(ctx, doctype, name);
  const shared = await rows(ctx, 'DocShare', {
    fields: ['name', 'user', 'read', 'write', 'submit', 'share', 'everyone', 'owner', 'creation'],
    filters: { share_doctype: doctype, share_name: name },
    order_by: 'creation asc',
  });
  const docinfo: Record<string, unknown> = {
    ...comments,
    doctype,
    name,
    attachments: await rows(ctx, 'File', {
      fields: ['name', 'file_name', 'file_url', 'is_private'],
      filters: { attached_to_doctype: doctype, attached_to_name: name },
      order_by: 'creation asc',
    }),
    communications: [],
    automated_messages: [],
    versions: await rows(ctx, 'Version', {
      fields: ['name', 'owner', 'creation', 'data'],
      filters: { ref_doctype: doctype, docname: name },
      order_by: 'creation desc',
      limit_page_length: 10,
    }),
    assignments: await rows(ctx, 'ToDo', {
      fields: ['name', 'allocated_to as owner', 'description', 'status'],
      filters: [
        ['reference_type', '=', doctype],
        ['reference_name', '=', name],
        ['status', 'not in', CLOSED_TODO],
      ],
      order_by: 'modified desc',
      limit_page_length: 5,
    }),
    permissions: await getDocPermissions(ctx, doctype, doc),
    shared,
    views: [],
    energy_point_logs: [],
    additional_timeline_content: [],
    milestones: [],
    is_document_followed: false,
    tags: typeof doc['_user_tags'] === 'string' ? doc['_user_tags'] : '',
    document_email: null,
  };
  docinfo['user_info'] = await userInfo(ctx, docinfo);
  return docinfo;
}

async function commentLists(
  ctx: Context,
  doctype: string,
  name: string,
): Promise<Record<string, Row[]>> {
  const lists: Record<string, Row[]> = {};
  for (const list of new Set(Object.values(COMMENT_LISTS))) lists[list] = [];
  const comments = await rows(ctx, 'Comment', {
    fields: ['name', 'creation', 'content', 'owner', 'comment_type'],
    filters: { reference_doctype: doctype, reference_name: name },
    order_by: 'creation asc',
  });
  for (const comment of comments) {
    const list = COMMENT_LISTS[String(comment['comment_type'])];
    if (list !== undefined) lists[list]?.push(comment);
  }
  return lists;
}

/** Full name, image and e-mail of every user the docinfo names, keyed by user id. */
async function userInfo(
  ctx: Context,
  docinfo: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const users = new Set<string>();
  for (const value of Object.values(docinfo)) {
    if (!Array.isArray(value)) continue;
    for (const row of value as Row[]) {
      for (const key of ['owner', 'user']) {
        if (typeof row[key] === 'string') users.add(row[key]);
      }
    }
  }
  if (users.size === 0) return {};
  const found = await rows(ctx, 'User', {
    fields: ['name', 'full_name as fullname', 'user_image as image', 'email', 'time_zone'],
    filters: [['name', 'in', [...users]]],
  });
  return Object.fromEntries(found.map((user) => [String(user['name']), user]));
}

function rows(ctx: Context, doctype: string, args: Parameters<typeof getAll>[2]): Promise<Row[]> {
  return getAll(ctx, doctype, args) as Promise<Row[]>;
}
