import net from 'node:net';
import os from 'node:os';
import type http from 'node:http';

// DNS rebinding and cross-site requests. A page on another site can make a browser send requests
// to this server (its DNS name pointed at our address, or a form posted across sites); the Host
// and Origin headers give it away. Whatever address the server is bound to, a request is served
// only when its Host names this machine (a loopback name or address, the hostname, an interface
// address, or a name given with --allow-host) and its Origin, if any, is that same host.

/** How long the machine's names and addresses are reused before they are read again (an interface may come up later). */
const MACHINE_NAMES_TTL_MS = 5000;

export interface HostCheck {
  /** Whether the request's Host and Origin headers are ours. */
  allows(headers: http.IncomingHttpHeaders): boolean;
  /** The names accepted besides loopback ones, for the startup message. */
  names(): string[];
}

export function hostCheck(extra: string[] = []): HostCheck {
  const allowed = new Set(extra.map(normalizeName));
  let machine: Set<string> = new Set();
  let readAt = -Infinity;
  const machineNames = () => {
    if (Date.now() - readAt > MACHINE_NAMES_TTL_MS) {
      machine = readMachineNames();
      readAt = Date.now();
    }
    return machine;
  };
  const hostAllowed = (name: string) => isLoopback(name) || allowed.has(name) || machineNames().has(name);
  return {
    allows(headers) {
      const host = parseHost(headers.host);
      if (!host || !hostAllowed(host.name)) return false;
      const origin = headers.origin;
      if (origin === undefined) return true;
      return sameOrigin(origin, headers.host!);
    },
    names: () => [...new Set([...machineNames(), ...allowed])].filter((n) => !isLoopback(n)),
  };
}

/** Whether binding to `host` exposes the server beyond this machine. */
export function exposesToNetwork(host: string): boolean {
  return !isLoopback(normalizeName(host));
}

/** `name:port`, `[v6]:port` or a bare name → the lower-cased name without brackets. */
function parseHost(header: string | undefined): { name: string } | null {
  if (!header) return null;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(header.trim());
  if (!m) return null;
  return { name: normalizeName(m[1] ?? m[2]) };
}

function sameOrigin(origin: string, host: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === host.trim().toLowerCase();
}

function isLoopback(name: string): boolean {
  if (name === 'localhost' || name === '::1') return true;
  return net.isIPv4(name) && name.startsWith('127.');
}

function normalizeName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

function readMachineNames(): Set<string> {
  const names = new Set<string>();
  const hostname = normalizeName(os.hostname());
  if (hostname) {
    names.add(hostname);
    names.add(hostname.split('.')[0]);
  }
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) names.add(normalizeName(a.address.replace(/%.*$/, '')));
  }
  return names;
}
