// Light/dark: follows prefers-color-scheme until the user picks one; the pick is kept in localStorage.
export type Theme = 'light' | 'dark';
const KEY = 'tracebase.theme';

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

export const systemTheme = (): Theme => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

export function currentTheme(): Theme {
  return (document.documentElement.dataset['theme'] as Theme | undefined) ?? stored() ?? systemTheme();
}

/** Apply the stored choice (if any) before the first render, so there is no flash. */
export function applyStoredTheme(): void {
  const t = stored();
  if (t) document.documentElement.dataset['theme'] = t;
}

export function setTheme(t: Theme): void {
  document.documentElement.dataset['theme'] = t;
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}
