/**
 * An object as a store gives it: found (whole in `data`, or streamed in `chunks`), or missing
 * with the reason. Here at the bottom so that git's reader (git/object-reader.ts) produces it and the
 * engine (engine/objects.ts) consumes it without either importing the other.
 */
export type StoredObject =
  | { oid: string; missing: true; error?: string }
  | {
      oid: string;
      missing: false;
      type: string;
      size: number;
      /** The content, when size <= the reader's inline limit. */
      data?: Buffer;
      /**
       * The content in pieces, for objects over the inline limit (bounded memory). Must be fully
       * consumed before asking for the next object.
       */
      chunks?: AsyncIterable<Buffer>;
    };
