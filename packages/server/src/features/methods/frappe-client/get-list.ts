import { requireString } from '../../../core/args/arg-values.js';
import { runCountQuery, runListQuery } from '../../resource/list-runners.js';
import { clientMethod } from './client-method.js';

export const getListMethod = clientMethod('get_list', (args, ctx) =>
  runListQuery(ctx, requireString(args['doctype'], 'doctype'), args, 'get_list'),
);

export const getCountMethod = clientMethod('get_count', (args, ctx) =>
  runCountQuery(ctx, requireString(args['doctype'], 'doctype'), args),
);
