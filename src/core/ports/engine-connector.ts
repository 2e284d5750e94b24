// EngineConnector port: hands the executor a live connection to an instance, whatever its engine.
import type { Instance } from '../model/workspace.ts';
import type { EngineConnection } from './engine-driver.ts';

export interface EngineConnector {
  /** A connection to the instance, opened on first use and reused; the connector closes it, not the caller. */
  connection(instance: Instance): Promise<EngineConnection>;
  /** Closes every open connection. */
  closeAll(): Promise<void>;
}
