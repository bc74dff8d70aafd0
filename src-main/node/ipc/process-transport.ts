/**
 * The channel's transports over Node's IPC with a forked child (src-common/channel.ts): the parent's
 * side over a ChildProcess, the child's over its own `process`. Messages use the 'advanced'
 * serialization the children are forked with (typed arrays cross as they are).
 */
import type { ChildProcess } from 'node:child_process';
import type { ChannelTransport } from '../../../src-common/channel';

/** The parent's side: messages to and from a forked child. Sending to a child that has gone is a no-op (its exit settles the calls). */
export function childProcessTransport(child: ChildProcess): ChannelTransport {
  return {
    send: (message) => {
      if (child.connected && typeof message === 'object' && message !== null) child.send(message);
    },
    onMessage: (listener) => {
      child.on('message', listener);
      return () => child.off('message', listener);
    },
  };
}

/** The child's side: messages to and from the process that forked it. Without an IPC channel nothing is sent. */
export function parentProcessTransport(): ChannelTransport {
  return {
    send: (message) => {
      if (process.connected && typeof message === 'object' && message !== null) process.send?.(message);
    },
    onMessage: (listener) => {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
  };
}
