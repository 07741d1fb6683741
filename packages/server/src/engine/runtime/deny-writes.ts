import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { InReadOnlyMode } from '../../core/errors/index.js';
import type { UnitOfWork } from '../../platform/db/database.js';

const WRITE_NODES: ReadonlySet<string> = new Set([
  'InsertQueryNode',
  'UpdateQueryNode',
  'DeleteQueryNode',
  'MergeQueryNode',
]);

/** Refuses every INSERT, UPDATE, DELETE and MERGE before it reaches the database. */
const denyWritesPlugin: KyselyPlugin = {
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (WRITE_NODES.has(node.kind)) {
      throw new InReadOnlyMode(
        'The site is in read-only maintenance: nothing can be changed until it ends.',
      );
    }
    return node;
  },
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  },
};

/**
 * The unit of work of a site in read-only maintenance (`maintenance_mode` with
 * `allow_reads_during_maintenance`): reads work, any write through the query
 * builder throws `InReadOnlyMode` (503), as every DB write does in Frappe.
 */
export function denyWrites(uow: UnitOfWork): UnitOfWork {
  return {
    db: uow.db.withPlugin(denyWritesPlugin),
    dialect: uow.dialect,
    nested: (fn) => uow.nested(fn),
    savepoint: () => uow.savepoint(),
    afterCommit: (fn) => uow.afterCommit(fn),
    afterRollback: (fn) => uow.afterRollback(fn),
  };
}
