// Unit tests for statement classification: script transaction control, MySQL implicit commits, no-tx statements.
import { describe, expect, it } from 'vitest';
import { postgresNoTransactionKind, transactionEffect } from '../../../src/core/sql/classify.ts';

describe('transactionEffect', () => {
  it('recognises transaction control in both dialects', () => {
    expect(transactionEffect('BEGIN', 'postgres')).toBe('begin');
    expect(transactionEffect('begin isolation level serializable', 'postgres')).toBe('begin');
    expect(transactionEffect('START TRANSACTION', 'mysql')).toBe('begin');
    expect(transactionEffect('COMMIT', 'mysql')).toBe('commit');
    expect(transactionEffect('END', 'postgres')).toBe('commit');
    expect(transactionEffect('ROLLBACK', 'postgres')).toBe('rollback');
    expect(transactionEffect('ABORT', 'postgres')).toBe('rollback');
  });

  it('does not mistake savepoints, prepared transactions or compound blocks for control', () => {
    expect(transactionEffect('ROLLBACK TO SAVEPOINT s1', 'postgres')).toBeNull();
    expect(transactionEffect('COMMIT PREPARED $$x$$', 'postgres')).toBeNull();
    expect(transactionEffect('BEGIN NOT ATOMIC SELECT 1; END', 'mysql')).toBeNull();
    expect(transactionEffect('SELECT 1', 'postgres')).toBeNull();
  });

  it('marks MySQL DDL as an implicit commit, except temporary tables', () => {
    expect(transactionEffect('ALTER TABLE t ADD c int', 'mysql')).toBe('implicit_commit');
    expect(transactionEffect('/* note */ CREATE INDEX i ON t (c)', 'mysql')).toBe('implicit_commit');
    expect(transactionEffect('CREATE TEMPORARY TABLE t (id int)', 'mysql')).toBeNull();
    expect(transactionEffect('INSERT INTO t VALUES (1)', 'mysql')).toBeNull();
    expect(transactionEffect('ALTER TABLE t ADD c int', 'postgres')).toBeNull();
  });
});

describe('postgresNoTransactionKind', () => {
  it('finds the statements PostgreSQL refuses in a transaction block', () => {
    expect(postgresNoTransactionKind('CREATE UNIQUE INDEX CONCURRENTLY i ON t (c)', 15)).toBe(
      'CREATE INDEX CONCURRENTLY',
    );
    expect(postgresNoTransactionKind('drop index\n  concurrently i', 15)).toBe('DROP INDEX CONCURRENTLY');
    expect(postgresNoTransactionKind('REINDEX (VERBOSE) TABLE CONCURRENTLY t', 15)).toBe(
      'REINDEX CONCURRENTLY',
    );
    expect(postgresNoTransactionKind('VACUUM ANALYZE t', 15)).toBe('VACUUM');
    expect(postgresNoTransactionKind('CREATE DATABASE x', 15)).toBe('CREATE/DROP DATABASE');
    expect(postgresNoTransactionKind('ALTER TABLE p DETACH PARTITION c CONCURRENTLY', 15)).toBe(
      'DETACH PARTITION CONCURRENTLY',
    );
    expect(postgresNoTransactionKind("ALTER SYSTEM SET work_mem = '8MB'", 15)).toBe('ALTER SYSTEM');
  });

  it('allows ALTER TYPE ... ADD VALUE in a transaction from PostgreSQL 12 on', () => {
    expect(postgresNoTransactionKind("ALTER TYPE mood ADD VALUE 'meh'", 11)).toBe('ALTER TYPE ... ADD VALUE');
    expect(postgresNoTransactionKind("ALTER TYPE mood ADD VALUE 'meh'", 12)).toBeNull();
  });

  it('leaves ordinary DDL transactional', () => {
    expect(postgresNoTransactionKind('CREATE INDEX i ON t (c)', 15)).toBeNull();
    expect(postgresNoTransactionKind('ALTER TABLE t DETACH PARTITION c', 15)).toBeNull();
  });
});
