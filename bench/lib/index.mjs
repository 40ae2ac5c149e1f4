// Benchmark harness: import everything from here.
export { bench, ratio, runOnce, hasGnuTime } from './measure.mjs';
export { MB, median, summarize } from './stats.mjs';
export {
  benchDir,
  fmtMB,
  fmtMs,
  fmtRate,
  fmtRss,
  fmtX,
  keywardCli,
  machineInfo,
  machineLine,
  repoRoot,
  resultsFile,
  resultsTable,
  table,
  targetsTable,
  writeSection,
} from './report.mjs';
