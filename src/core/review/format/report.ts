// The shape every output format renders: one review result per file.
import type { ReviewResult } from '../types.ts';

/** One reviewed file. */
export interface FileReport {
  file: string;
  result: ReviewResult;
}
