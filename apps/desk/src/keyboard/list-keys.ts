/**
 * Frappe's list keys (Up, Down, Space, Enter, Shift+Up/Down) move a focus
 * through the rows' links, each marked with `data-list-row` = the row's name.
 */
const ROW_LINK = '[data-list-row]';

function rowLinks(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(ROW_LINK)];
}

/** The name of the row whose link has the focus, if one has. */
export function focusedRow(): string | undefined {
  const active = document.activeElement;
  return active instanceof HTMLElement ? active.dataset['listRow'] : undefined;
}

/** Moves the focus one row down (1) or up (-1); from outside the list, to its first or last row. */
export function moveRowFocus(step: 1 | -1): string | undefined {
  const links = rowLinks();
  const at = links.findIndex((link) => link === document.activeElement);
  const next =
    at === -1
      ? links[step === 1 ? 0 : links.length - 1]
      : links[Math.min(links.length - 1, Math.max(0, at + step))];
  next?.focus();
  return next?.dataset['listRow'];
}

/** Opens the focused row, as a click on its link would. */
export function openFocusedRow(): void {
  const active = document.activeElement;
  if (active instanceof HTMLElement && active.matches(ROW_LINK)) active.click();
}
