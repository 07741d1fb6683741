import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../core/errors/index.js';
import { normalizeListArgs } from './list-args.js';
import { parseFilterTree, parseFilters } from './parse-filters.js';

const c = (field: string, operator: string, value: unknown, doctype: string | null = null) => ({
  doctype,
  field,
  operator,
  value,
});

const SHAPES: [string, unknown, ReturnType<typeof c>[]][] = [
  ['triples', [['status', '=', 'Open']], [c('status', '=', 'Open')]],
  ['quadruples', [['ToDo', 'status', 'LIKE', '%a%']], [c('status', 'like', '%a%', 'ToDo')]],
  [
    'longer lists keep four',
    [['ToDo', 'status', '=', 'Open', 'extra']],
    [c('status', '=', 'Open', 'ToDo')],
  ],
  ['dict', { status: 'Open', qty: ['>', 5] }, [c('status', '=', 'Open'), c('qty', '>', 5)]],
  ['dict with empty list value', { status: [] }, [c('status', '=', [])]],
  ['two items', [['status', 'Open']], [c('status', '=', 'Open')]],
  ['plain names', ['A', 'B'], [c('name', 'in', ['A', 'B'])]],
  ['bare triple', ['status', '!=', 'Open'], [c('status', '!=', 'Open')]],
  ['null operator', [['status', null, 'Open']], [c('status', '=', 'Open')]],
  ['nothing', null, []],
];

for (const [name, input, expected] of SHAPES) {
  test(`filters: ${name}`, () => assert.deepEqual(parseFilters(input), expected));
}

test('malformed filters raise ValidationError', () => {
  for (const bad of [
    [['status']],
    ['x', ['a', '=', 'b']],
    'text',
    5,
    [[5, '=', 1]],
    [['status', '~', 1]],
  ]) {
    assert.throws(() => parseFilters(bad), ValidationError, JSON.stringify(bad));
  }
});

test('list args: JSON strings, aliases, defaults', () => {
  const args = normalizeListArgs({
    fields: '["name","status"]',
    filters: '{"a":1}',
    limit: '5',
    as_list: '0',
    distinct: 'true',
  });
  assert.deepEqual(args.fields, ['name', 'status']);
  assert.deepEqual(args.filters, { a: 1 });
  assert.equal(args.pageLength, 5);
  assert.equal(args.asList, false);
  assert.equal(args.distinct, true);
  assert.equal(normalizeListArgs({}).pageLength, 20);
  assert.equal(normalizeListArgs({ limit_page_length: 0, limit: 5 }).pageLength, 0);
  assert.deepEqual(normalizeListArgs({ fields: '*' }).fields, ['*']);
  assert.deepEqual(normalizeListArgs({ pluck: 'status' }).fields, ['status']);
  assert.deepEqual(normalizeListArgs({ fields: ['', null] }).fields, ['name']);
  assert.throws(() => normalizeListArgs({ filters: '{bad' }), ValidationError);
});

test('v16 nested groups: a tree read left to right over the conditions', () => {
  const { leaves, tree } = parseFilterTree([
    ['status', '=', 'Open'],
    'OR',
    [['priority', '=', 'High'], 'and', { owner: 'a@example.com' }],
    'and',
    ['ToDo', 'date', '>', '2024-01-01'],
  ]);
  assert.deepEqual(leaves, [
    c('status', '=', 'Open'),
    c('priority', '=', 'High'),
    c('owner', '=', 'a@example.com'),
    c('date', '>', '2024-01-01', 'ToDo'),
  ]);
  assert.deepEqual(tree, {
    op: 'and',
    items: [{ op: 'or', items: [0, { op: 'and', items: [1, { op: 'and', items: [2] }] }] }, 3],
  });
});

test('a group inside a plain list is AND-ed with the rest', () => {
  const { tree } = parseFilterTree([
    ['status', '=', 'Open'],
    [['priority', '=', 'High'], 'or', ['priority', '=', 'Low']],
  ]);
  assert.deepEqual(tree, { op: 'and', items: [0, { op: 'or', items: [1, 2] }] });
});

test('malformed groups are refused', () => {
  assert.throws(
    () => parseFilterTree([['status', '=', 'Open'], 'xor', ['a', '=', 1]]),
    ValidationError,
  );
  let deep: unknown = ['status', '=', 'Open'];
  for (let depth = 0; depth < 40; depth++) deep = [deep, 'or', ['a', '=', 1]];
  assert.throws(() => parseFilterTree(deep), ValidationError);
});
