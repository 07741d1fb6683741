export { getList, getAll, getNormalizedList, type ListResult } from './get-list.js';
export { getCount, type CountArgs } from './get-count.js';
export { getValue } from './get-value.js';
export {
  normalizeListArgs,
  decodeFilters,
  decodeJson,
  DEFAULT_PAGE_LENGTH,
  type ListArgs,
  type NormalizedListArgs,
} from './list-args.js';
