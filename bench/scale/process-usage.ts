import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of the utime and stime fields in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

interface ProcessStat {
  parentPid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  cpuTicks: number;
}

/**
 * Reads one /proc/<pid>/stat line. The command name in field 2 may contain
 * spaces and parentheses, so the fields are split after its closing one.
 */
function readStat(pid: number): ProcessStat | undefined {
  let line: string;
  try {
    line = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
  // After the name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
  const ticks = [11, 12, 13, 14].map((index) => Number(fields[index]));
  return { parentPid: Number(fields[1]), cpuTicks: ticks.reduce((sum, value) => sum + value, 0) };
}

/** Lists the process and every live descendant of it. */
function processTree(rootPid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat !== undefined) parents.set(Number(entry), stat.parentPid);
  }
  const tree = [rootPid];
  for (let index = 0; index < tree.length; index += 1) {
    for (const [pid, parentPid] of parents) if (parentPid === tree[index]) tree.push(pid);
  }
  return tree;
}

/**
 * Returns the CPU time used so far by a process, its live descendants and the children
 * it has waited for, in seconds.
 */
export function cpuSeconds(rootPid: number): number {
  let ticks = 0;
  for (const pid of processTree(rootPid)) ticks += readStat(pid)?.cpuTicks ?? 0;
  return ticks / CLOCK_TICKS_PER_SECOND;
}

export interface ResidentMemory {
  /** VmRSS: resident set size now, in MiB. */
  rssMiB: number;
  /** VmHWM: the peak resident set size so far, in MiB. */
  peakRssMiB: number;
}

/** Reads the resident memory of one process (not its children) from /proc/<pid>/status. */
export function residentMemory(pid: number): ResidentMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kibOf = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (match === null) throw new Error(`/proc/${pid}/status has no ${name} line`);
    return Number(match[1]);
  };
  return { rssMiB: kibOf('VmRSS') / 1024, peakRssMiB: kibOf('VmHWM') / 1024 };
}
