// Browser entry: mounts the shell into #app.
import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';
import './access.css';

const root = document.getElementById('app');
if (!root) throw new Error('The page has no #app element to render into.');
render(<App />, root);
