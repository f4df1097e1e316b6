import { connect } from 'node:net';

/**
 * Sends only the head of a request (and `bodyStart`) over a raw socket and waits for the status line: a server
 * that answers before the body arrives has not read it.
 */
export function statusBeforeBody(
  url: string,
  path: string,
  headers: Record<string, string>,
  bodyStart = '{"events":[',
  timeoutMs = 5000,
): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('No answer before the body was sent'));
    }, timeoutMs);
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (match) {
        clearTimeout(timer);
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const head = [
      `POST ${path} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n');
    socket.write(head + bodyStart);
  });
}
