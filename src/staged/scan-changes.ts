import type { Detector } from '../detect/detector.js';
import { CatFile } from '../git/cat-file.js';
import type { Finding, ScanResult } from '../report/finding.js';
import { scanBuffer, scanStream, textOf, type FindingOptions } from '../scan/scan-data.js';
import { SUBMODULE_MODE, type ChangedFile } from './changes.js';
import { isEmpty, touches } from './line-ranges.js';

export interface ChangesScanOptions extends FindingOptions {
  /** Repository directory git runs in. */
  cwd: string;
  detector: Detector;
  /** An object reader already started (its start-up overlapped other work); closed by the caller. */
  catFile?: CatFile;
  /** Called before each object is read; throw to stop (a time budget). */
  checkpoint?: () => void;
}

export interface ChangesScan {
  findings: Finding[];
  files: number;
  bytes: number;
  binary: number;
  submodules: number;
  /** "<path>: <reason>" for objects that could not be read. */
  unreadable: string[];
}

/**
 * Scans the new content of changed files and keeps the findings on lines the change adds.
 * Each blob is scanned whole (a private key whose middle line changed is still seen as one
 * secret) and once per path, however many commits add lines to it.
 */
export async function scanChanges(files: readonly ChangedFile[], opts: ChangesScanOptions): Promise<ChangesScan> {
  const out: ChangesScan = { findings: [], files: 0, bytes: 0, binary: 0, submodules: 0, unreadable: [] };
  // oid + path → the changes that need it (the same blob can arrive in several commits)
  const byBlob = new Map<string, ChangedFile[]>();
  for (const f of files) {
    if (isEmpty(f.added)) continue;
    if (f.mode === SUBMODULE_MODE) {
      out.submodules++; // a commit of another repository: its content is not here
      continue;
    }
    const key = `${f.oid}\0${f.path}`;
    const list = byBlob.get(key);
    if (list) list.push(f);
    else byBlob.set(key, [f]);
  }
  if (byBlob.size === 0) return out;

  const cat = opts.catFile ?? new CatFile(opts.cwd);
  try {
    for (const uses of byBlob.values()) {
      opts.checkpoint?.();
      const { oid, path } = uses[0]!;
      const obj = await cat.read(oid);
      if (obj.missing || obj.type !== 'blob') {
        if (obj.missing) out.unreadable.push(`${path}: object ${oid} is missing`);
        continue; // an unread chunked object is skipped by the reader
      }
      let found: Finding[];
      if (obj.data) {
        const text = textOf(obj.data);
        if (!text) {
          out.binary++;
          continue;
        }
        found = scanBuffer(opts.detector, text, path, opts);
      } else {
        // scanStream may stop early (binary content): parseBatch skips the rest of the object.
        const r = await scanStream(opts.detector, obj.chunks!, path, opts);
        if (r.binary) {
          out.binary++;
          continue;
        }
        found = r.findings;
      }
      out.files++;
      out.bytes += obj.size;
      for (const use of uses) {
        for (const f of found) {
          if (!touches(use.added, f.line, f.endLine)) continue;
          out.findings.push(use.commit !== undefined ? { ...f, commit: use.commit } : f);
        }
      }
    }
  } finally {
    if (!opts.catFile) cat.close();
  }
  return out;
}

/** A changes scan as a ScanResult (findings in the order given): shared by `staged` and the push hooks. */
export function changesResult(r: ChangesScan, rules: number, t0: number, extra: { commits?: number } = {}): ScanResult {
  return {
    findings: r.findings,
    stats: {
      files: r.files,
      bytes: r.bytes,
      skippedBinary: r.binary,
      skippedTooLarge: 0,
      unreadable: r.unreadable.length,
      rules,
      workers: 0,
      durationMs: Math.round(performance.now() - t0),
      ...extra,
      complete: r.unreadable.length === 0,
    },
    warnings: r.unreadable.map((u) => `could not read ${u}`),
  };
}
