/**
 * Which account on this computer made a connection. The token alone does not keep other accounts
 * out: browsers send cookies to every port of a host, so the person's browser hands the token to
 * any page another account serves on 127.0.0.1. Linux lists every TCP socket with its owner's user
 * id in /proc/net/tcp and tcp6, so the server can answer only its own account (and root).
 */
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';

const SOCKET_TABLES = ['/proc/net/tcp', '/proc/net/tcp6'];

/** Owners of this computer's sockets, by `<local port>-<remote port>` (upper-case hex, as the tables write them). */
type SocketOwners = Map<string, number[]>;

function portHex(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}

async function readSocketOwners(): Promise<SocketOwners> {
  const owners: SocketOwners = new Map();
  for (const table of SOCKET_TABLES) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid …
      const [, local, remote, , , , , uid] = line.trim().split(/\s+/);
      if (local === undefined || remote === undefined || uid === undefined) continue;
      const key = `${local.slice(local.lastIndexOf(':') + 1)}-${remote.slice(remote.lastIndexOf(':') + 1)}`;
      owners.set(key, [...(owners.get(key) ?? []), Number(uid)]);
    }
  }
  return owners;
}

let reading: Promise<SocketOwners> | null = null;
let nextRead: Promise<SocketOwners> | null = null;

/**
 * The socket tables as read after this call: one read in flight at a time, and every caller that
 * comes while it runs shares the next one (a read begun before a connection was made may not list
 * it). So a burst of connections costs a few reads, not one each.
 */
function freshSocketOwners(): Promise<SocketOwners> {
  if (!reading) {
    reading = readSocketOwners().finally(() => {
      reading = null;
    });
    return reading;
  }
  nextRead ??= reading
    .then(
      () => undefined,
      // Its callers hear of a failed read (the tables then read as empty); the next read only waits for it to end.
      () => undefined,
    )
    .then(() => {
      nextRead = null;
      return freshSocketOwners();
    });
  return nextRead;
}

/**
 * The user ids owning this computer's end of the connection `socket` accepted: empty when the
 * other end is on another computer, or where the system does not say (not Linux).
 */
export async function peerUids(socket: Pick<Socket, 'localPort' | 'remotePort'>): Promise<number[]> {
  if (socket.localPort === undefined || socket.remotePort === undefined) return [];
  // The client's row: its local port is the connection's remote one, and the other way round.
  return (await freshSocketOwners()).get(`${portHex(socket.remotePort)}-${portHex(socket.localPort)}`) ?? [];
}

/** Whether no other account made this connection: every owner found is this process's user, or root. */
export async function madeByThisAccount(socket: Pick<Socket, 'localPort' | 'remotePort'>): Promise<boolean> {
  const own = process.getuid?.();
  if (own === undefined) return true;
  return (await peerUids(socket)).every((uid) => uid === own || uid === 0);
}
