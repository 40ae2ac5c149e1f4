import { lstatSync } from 'node:fs';
import { printable } from '../report/describe.js';
import { UsageError } from './options.js';

/**
 * A path named on the command line that does not exist is a usage error (exit 2), as a mistyped
 * argument is: not an incomplete scan (exit 3), which is for content that exists and could not be
 * read. "-" is stdin.
 */
export function checkScanPaths(paths: readonly string[]): void {
  for (const p of paths) {
    if (p === '-') continue;
    try {
      lstatSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`path does not exist: ${printable(p)}`);
      // Other errors (a directory without permission) are reported by the scan, file by file.
    }
  }
}
