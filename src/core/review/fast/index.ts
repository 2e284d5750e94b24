// The fast path: common simple statements normalised straight from tokens; anything else goes to the parser.
import type { Statement } from '../model.ts';
import type { StatementPosition } from '../pg-normalize.ts';
import { FastCursor, type FastEngine, NOT_FAST } from './cursor.ts';
import {
  alterTable,
  createIndex,
  createTable,
  del,
  dropTable,
  insert,
  select,
  update,
} from './statements.ts';

export type { FastEngine } from './cursor.ts';

type Shape = (c: FastCursor, pos: StatementPosition) => Statement;

function shapeOf(c: FastCursor): Shape | undefined {
  if (c.at('INSERT')) return insert;
  if (c.at('UPDATE')) return update;
  if (c.at('DELETE')) return del;
  if (c.at('SELECT')) return select;
  if (c.at('ALTER')) return alterTable;
  if (c.at('DROP')) return dropTable;
  if (c.at('CREATE')) {
    if (c.at('TABLE', 1)) return createTable;
    if (c.at('INDEX', 1) || (c.at('UNIQUE', 1) && c.at('INDEX', 2))) return createIndex;
  }
  return undefined;
}

/**
 * The normalised model of a statement in one of the recognised shapes, exactly as the engine's full parser and
 * normaliser would produce it (before token anchoring), or undefined when the statement needs the full parser.
 * Only statements the grammar accepts are recognised, so syntax errors still come from the parser.
 */
export function fastStatement(engine: FastEngine, pos: StatementPosition): Statement | undefined {
  const c = FastCursor.open(engine, pos.sql, pos.start);
  if (!c) return undefined;
  const shape = shapeOf(c);
  if (!shape) return undefined;
  try {
    const stmt = shape(c, pos);
    c.end();
    return stmt;
  } catch (err) {
    if (err === NOT_FAST) return undefined;
    throw err;
  }
}
