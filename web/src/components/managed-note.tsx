// Why a row cannot be changed here: it is declared elsewhere (the workspace file), and changes belong there.

export function ManagedNote({ managedBy }: { managedBy: string }) {
  return <p class="managed-note">Managed by {managedBy}: change it there.</p>;
}
