import { readFileSync } from 'node:fs';

/**
 * Peak resident memory of this process, in bytes. On Linux from VmHWM, because getrusage's
 * ru_maxrss survives exec: a forked child would report its parent's peak if that was higher.
 */
export function peakRssBytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall through to getrusage.
  }
  return process.resourceUsage().maxRSS * 1024;
}
