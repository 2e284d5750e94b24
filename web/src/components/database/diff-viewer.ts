// The diff libraries (jsdiff makes patches, diff2html renders them) and diff2html's stylesheet load on first
// use, so pages that show no diff do not carry them; later diffs reuse the same modules.

export interface DiffViewer {
  /** The unified diff of two texts, with 3 unchanged lines around each change. */
  patch: (name: string, before: string, after: string) => string;
  /** A unified diff as HTML; diff2html escapes the lines it renders, so the text cannot inject markup. */
  render: (patch: string) => string;
}

let viewer: Promise<DiffViewer> | undefined;

export function loadDiffViewer(): Promise<DiffViewer> {
  viewer ??= Promise.all([
    import('diff'),
    import('diff2html'),
    import('diff2html/bundles/css/diff2html.min.css'),
  ]).then(([diff, diff2html]) => ({
    patch: (name, before, after) =>
      diff.createTwoFilesPatch(name, name, before, after, undefined, undefined, { context: 3 }),
    render: (patch) =>
      diff2html.html(patch, {
        outputFormat: 'line-by-line',
        drawFileList: false,
        matching: 'lines',
        diffStyle: 'word',
      }),
  }));
  // A failed load (e.g. a redeploy replaced the chunks) is retried next time instead of being remembered.
  viewer.catch(() => {
    viewer = undefined;
  });
  return viewer;
}
