/** The header's search input, which Ctrl+G focuses (Frappe's `#navbar-search`). */
export const AWESOME_BAR_ID = 'awesome-bar';

export function focusAwesomeBar(): void {
  const input = document.getElementById(AWESOME_BAR_ID);
  if (input instanceof HTMLInputElement) {
    input.focus();
    input.select();
  }
}
