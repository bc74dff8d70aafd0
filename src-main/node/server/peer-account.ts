/**
 * Which account on this computer made a connection. The token alone does not keep other accounts
 * out: browsers send cookies to every port of a host, so the person's browser hands the token to
 * any page another account serves on 127.0.0.1. Linux lists every TCP socket with its owner's user
 * id in /proc/net/tcp and tcp6, so the server can answer only its own account (and root).
 */
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';

const SOCKET_TABLES = ['/proc/net/tcp', '/proc/net/tcp6'];

function portHex(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * The user ids owning this computer's end of the connection `socket` accepted: empty when the
 * other end is on another computer, or where the system does not say (not Linux).
 */
export async function peerUids(socket: Pick<Socket, 'localPort' | 'remotePort'>): Promise<number[]> {
  if (socket.localPort === undefined || socket.remotePort === undefined) return [];
  // The client's row: its local address ends with its port, its remote one with ours.
  const clientEnd = `:${portHex(socket.remotePort)}`;
  const serverEnd = `:${portHex(socket.localPort)}`;
  const uids: number[] = [];
  for (const table of SOCKET_TABLES) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid …
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(clientEnd) && fields[2]?.endsWith(serverEnd) && fields[7] !== undefined) uids.push(Number(fields[7]));
    }
  }
  return uids;
}

/** Whether no other account made this connection: every owner found is this process's user, or root. */
export async function madeByThisAccount(socket: Pick<Socket, 'localPort' | 'remotePort'>): Promise<boolean> {
  const own = process.getuid?.();
  if (own === undefined) return true;
  return (await peerUids(socket)).every((uid) => uid === own || uid === 0);
}
