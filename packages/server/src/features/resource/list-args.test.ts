import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeListArgs } from '../../engine/query/list-args.js';
import { parseExpand, toListArgs } from './list-args.js';

describe('toListArgs, decoded by normalizeListArgs', () => {
  const cases: Array<{
    name: string;
    args: Record<string, unknown>;
    source: 'get_list' | 'resource' | 'v2';
    expect: Record<string, unknown>;
  }> = [
    {
      name: 'defaults',
      args: {},
      source: 'resource',
      expect: { fields: ['name'], limitStart: 0, pageLength: 20, asList: false },
    },
    {
      name: 'resource limit alias',
      args: { limit: '5' },
      source: 'resource',
      expect: { pageLength: 5 },
    },
    {
      name: 'limit_page_length wins over limit',
      args: { limit: '5', limit_page_length: '7' },
      source: 'resource',
      expect: { pageLength: 7 },
    },
    {
      name: 'numeric JSON limit 0 falls back to 20',
      args: { limit: 0 },
      source: 'resource',
      expect: { pageLength: 20 },
    },
    {
      name: 'string limit 0 means no limit',
      args: { limit: '0' },
      source: 'resource',
      expect: { pageLength: 0 },
    },
    {
      name: 'get_list has no limit alias',
      args: { limit: '5' },
      source: 'get_list',
      expect: { pageLength: 20 },
    },
    {
      name: 'v2 takes limit and start',
      args: { limit: '3', start: '6', limit_page_length: '9' },
      source: 'v2',
      expect: { pageLength: 3, limitStart: 6 },
    },
    {
      name: 'as_dict false gives lists',
      args: { as_dict: 'False' },
      source: 'resource',
      expect: { asList: true },
    },
    {
      name: 'filters JSON string',
      args: { filters: '[["status","=","Open"]]' },
      source: 'resource',
      expect: { filters: [['status', '=', 'Open']] },
    },
    {
      name: 'filters native object',
      args: { filters: { status: 'Open' } },
      source: 'resource',
      expect: { filters: { status: 'Open' } },
    },
    {
      name: 'v2 ignores or_filters',
      args: { or_filters: '{"a":1}' },
      source: 'v2',
      expect: { orFilters: null },
    },
    {
      name: 'order_by and parent pass through',
      args: { order_by: 'idx asc', parent: 'User' },
      source: 'get_list',
      expect: { orderBy: 'idx asc', parent: 'User' },
    },
  ];
  for (const { name, args, source, expect } of cases) {
    it(name, () => {
      const result = normalizeListArgs(toListArgs(args, source)) as unknown as Record<
        string,
        unknown
      >;
      for (const [key, value] of Object.entries(expect)) assert.deepEqual(result[key], value, key);
    });
  }

  const rejected: Array<[string, Record<string, unknown>]> = [
    ['negative offset', { limit_start: '-1' }],
    ['non-numeric page length', { limit_page_length: '10; drop table x' }],
    ['malformed filters', { filters: '[["status"' }],
    ['scalar filters', { filters: '42' }],
    ['unknown boolean', { as_dict: 'maybe' }],
    ['fields object', { fields: '{"a":1}' }],
    ['fields with numbers', { fields: '[1,2]' }],
  ];
  for (const [name, args] of rejected) {
    it(`rejects ${name} with a 417 ValidationError`, () => {
      assert.throws(
        () => normalizeListArgs(toListArgs(args, 'resource')),
        (error: { excType?: string; status?: number }) => {
          assert.equal(error.excType, 'ValidationError');
          assert.equal(error.status, 417);
          return true;
        },
      );
    });
  }
});

describe('fields, filters and expand', () => {
  const fields = (value: unknown) => normalizeListArgs({ fields: value }).fields;
  it('reads * and bare names', () => {
    assert.deepEqual(fields('*'), ['*']);
    assert.deepEqual(fields('["*"]'), ['*']);
    assert.deepEqual(fields('status'), ['status']);
    assert.deepEqual(fields('["", null, "name"]'), ['name']);
    assert.deepEqual(fields('[]'), ['name']);
  });
  it('treats empty filters as none', () => {
    assert.equal(normalizeListArgs({ filters: '' }).filters, null);
    assert.equal(normalizeListArgs({ filters: null }).filters, null);
  });
  it('keeps only selected expand fields unless * is selected', () => {
    assert.deepEqual(parseExpand('["allocated_to","assigned_by"]', ['name', 'allocated_to']), [
      'allocated_to',
    ]);
    assert.deepEqual(parseExpand(['allocated_to'], ['*']), ['allocated_to']);
    assert.deepEqual(parseExpand(undefined, ['*']), []);
  });
});
