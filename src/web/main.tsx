import { render } from 'preact';
import { App } from './app.tsx';
import { applyStoredTheme } from './theme.ts';
import './styles.css';

applyStoredTheme();
const root = document.getElementById('app')!;
root.replaceChildren(); // drop the "Loading…" placeholder the HTML shows before the script runs
render(<App />, root);
