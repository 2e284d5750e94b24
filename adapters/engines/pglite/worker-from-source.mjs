// Worker thread entry when the service runs from TypeScript sources (tests, `node --import tsx`): worker threads
// do not inherit the parent's module hooks on Node 20, so the TypeScript loader is registered here first.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
