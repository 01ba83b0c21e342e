// Document-level keyboard shortcuts. The handler is read through a ref updated on every render,
// so a key pressed right after a state change sees that change (effects run later than renders).
import { useEffect, useRef } from 'preact/hooks';

export function useKeys(handler: (e: KeyboardEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      ref.current(e);
    };
    document.addEventListener('keydown', on);
    return () => document.removeEventListener('keydown', on);
  }, []);
}

/** True when the key goes to a text field, where letters are typing, not shortcuts. */
export const typing = (e: KeyboardEvent): boolean => {
  const t = e.target as HTMLElement | null;
  // A checkbox, radio or button input keeps focus after a click, but takes no letters.
  if (t instanceof HTMLInputElement && ['checkbox', 'radio', 'button', 'submit', 'reset'].includes(t.type)) return false;
  return !!t?.closest?.('input, select, textarea, [contenteditable]');
};
