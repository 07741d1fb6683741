import { onBeforeUnmount, onMounted, shallowReactive } from 'vue';

/**
 * Keyboard shortcuts as Frappe's desk names them (`frappe.ui.keys`): a key
 * such as `ctrl+s`, `ctrl+b`, `shift+/` or `down`, a description the help
 * dialog shows, and whether it belongs to the page (list, form) or to the
 * whole desk.
 */
export interface Shortcut {
  readonly keys: string;
  readonly description: string;
  readonly action: (event: KeyboardEvent) => void;
  /** A page's own shortcut (Frappe's "Page Shortcuts"), else a global one. */
  readonly page?: boolean;
  /** When false, the key does what it would do anyway (Frappe's `condition`). */
  readonly condition?: () => boolean;
}

/** Every shortcut in force; the latest registered wins a key, as a page's overrides the desk's. */
export const shortcuts = shallowReactive<Shortcut[]>([]);

const NAMED_KEYS: Readonly<Record<string, string>> = {
  arrowdown: 'down',
  arrowup: 'up',
  ' ': 'space',
  '?': '/',
};

/** Frappe's key name for an event: `ctrl+` (Ctrl or ⌘), `shift+`, `alt+`, then the key. */
export function keyOf(event: KeyboardEvent): string {
  const key = event.key.toLowerCase();
  return [
    event.ctrlKey || event.metaKey ? 'ctrl+' : '',
    // `?` is Shift+/ on most layouts; some send it without the Shift flag.
    event.shiftKey || event.key === '?' ? 'shift+' : '',
    event.altKey ? 'alt+' : '',
    NAMED_KEYS[key] ?? key,
  ].join('');
}

/** `ctrl+shift+d` → `Ctrl+Shift+D`, as the help dialog writes it. */
export function shortcutLabel(keys: string): string {
  return keys
    .split('+')
    .map((part) => (part.length > 1 ? part.charAt(0).toUpperCase() + part.slice(1) : part))
    .map((part) => (part.length === 1 ? part.toUpperCase() : part))
    .join('+');
}

/** A key without Ctrl or Alt types text: it is left alone in inputs and editors. */
function typesText(keys: string): boolean {
  return !keys.startsWith('ctrl+') && !keys.includes('alt+');
}

function editing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** One listener for the desk: a dialog keeps its keys (Escape, Space) to itself. */
export function handleShortcut(event: KeyboardEvent): void {
  if (event.defaultPrevented) return;
  const keys = keyOf(event);
  const shortcut = shortcuts.findLast((candidate) => candidate.keys === keys);
  if (shortcut === undefined) return;
  if (typesText(keys) && editing(event.target)) return;
  if (
    event.target instanceof Element &&
    event.target.closest('[role="dialog"],[role="alertdialog"]')
  )
    return;
  if (shortcut.condition && !shortcut.condition()) return;
  event.preventDefault();
  shortcut.action(event);
}

/** Registers shortcuts for the life of the calling component. */
export function useShortcuts(list: readonly Shortcut[]): void {
  onMounted(() => shortcuts.push(...list));
  onBeforeUnmount(() => {
    for (const shortcut of list) {
      const index = shortcuts.indexOf(shortcut);
      if (index >= 0) shortcuts.splice(index, 1);
    }
  });
}
