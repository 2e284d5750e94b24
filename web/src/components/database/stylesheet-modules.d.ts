// The diff viewer's stylesheet is imported for its effect only (Vite adds it to the page); it exports nothing.
declare module 'diff2html/bundles/css/diff2html.min.css';
