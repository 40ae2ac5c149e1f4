/**
 * What the engine needs from an object store, named here so that the engine knows no git: a
 * source (sources/git-objects.ts) implements it, and worker threads load that implementation by
 * module (ReaderSpec), so contents are read where they are scanned and never cross threads.
 */

import type { StoredObject } from '../model/stored-object.js';

export type { StoredObject };

/** The text part of an object that holds a header (a commit's message): whole or as a stream. */
export type ObjectText = { data: Buffer; chunks?: undefined } | { data?: undefined; chunks: AsyncIterable<Buffer> };

export interface ObjectReader {
  /** Asks for one object; its answer comes out of read() after those asked before it. */
  request(oid: string): void;
  /** The answers, in request order. */
  read(): AsyncGenerator<StoredObject>;
  close(): void;
  /** A large blob's content once more, as a stream (a second path class needs it). */
  stream(oid: string, size: number): AsyncIterable<Buffer>;
  /** The message of a commit object, without its header. */
  message(obj: Extract<StoredObject, { missing: false }>): Promise<ObjectText>;
  /** True for an error that costs one object, not the scan (its content was cut short). */
  lost(e: unknown): boolean;
}

/** Options every reader gets from the engine. */
export interface ReaderOptions {
  /** Objects larger than this many bytes come as `chunks`. */
  inlineLimit: number;
}

/**
 * How a worker thread opens its reader: `module` (a file URL) exports
 * `openReader(options, engineOptions): ObjectReader`; `options` is plain data (it is cloned).
 */
export interface ReaderSpec {
  module: string;
  options: unknown;
}

export type OpenReader = (options: unknown, engine: ReaderOptions) => ObjectReader;

/** The reader a spec names, loaded once per thread. */
export async function loadReader(spec: ReaderSpec): Promise<OpenReader> {
  const m = (await import(spec.module)) as { openReader: OpenReader };
  return m.openReader;
}
