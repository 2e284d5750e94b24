// A one-shot signal for holding one side of a race at a chosen point: `wait` resolves once `open()` is called.
export interface Latch {
  wait: Promise<void>;
  open(): void;
}

export function latch(): Latch {
  let open: () => void = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open: () => open() };
}
