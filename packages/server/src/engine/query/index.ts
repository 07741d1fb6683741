export { getList, getAll, type ListResult } from './get-list.js';
export { getCount, type CountArgs } from './get-count.js';
export { getValue } from './get-value.js';
export {
  normalizeListArgs,
  DEFAULT_PAGE_LENGTH,
  type ListArgs,
  type NormalizedListArgs,
} from './list-args.js';
