// Shown for hash paths no page claims, with a way back.
import { hrefFor } from '../router.ts';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <main class="page">
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{path || '/'}</code>.
      </p>
      <p>
        <a href={hrefFor({ name: 'home' })}>Go to the overview</a>
      </p>
    </main>
  );
}
