import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyOf, shortcutLabel } from './shortcuts.js';

/** The parts of a KeyboardEvent that name a key. */
const press = (key: string, mods: Partial<Record<'ctrl' | 'meta' | 'shift' | 'alt', true>> = {}) =>
  ({
    key,
    ctrlKey: Boolean(mods.ctrl),
    metaKey: Boolean(mods.meta),
    shiftKey: Boolean(mods.shift),
    altKey: Boolean(mods.alt),
  }) as KeyboardEvent;

describe("the Desk's key names (Frappe's frappe.ui.keys.get_key)", () => {
  it('names modifiers in one order, Ctrl and ⌘ alike', () => {
    assert.equal(keyOf(press('s', { ctrl: true })), 'ctrl+s');
    assert.equal(keyOf(press('S', { meta: true })), 'ctrl+s');
    assert.equal(keyOf(press('D', { ctrl: true, shift: true })), 'ctrl+shift+d');
    assert.equal(keyOf(press('h', { alt: true })), 'alt+h');
  });

  it('names arrows, Space and `?` as Frappe does', () => {
    assert.equal(keyOf(press('ArrowDown')), 'down');
    assert.equal(keyOf(press('ArrowUp', { shift: true })), 'shift+up');
    assert.equal(keyOf(press(' ')), 'space');
    assert.equal(keyOf(press('Enter')), 'enter');
    assert.equal(keyOf(press('?', { shift: true })), 'shift+/');
    assert.equal(keyOf(press('?')), 'shift+/', 'a layout that sends `?` without Shift');
  });

  it('writes keys for the help dialog', () => {
    assert.equal(shortcutLabel('ctrl+s'), 'Ctrl+S');
    assert.equal(shortcutLabel('shift+/'), 'Shift+/');
    assert.equal(shortcutLabel('shift+down'), 'Shift+Down');
  });
});
