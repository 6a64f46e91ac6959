// A free TCP port on 127.0.0.1 for a server a test starts. Taken below the kernel's ephemeral range
// (ip_local_port_range starts at 32768), so that no outgoing connection takes it between the check
// and the server's start, nor while a test restarts a process on the same port.
import net from 'node:net';

export async function freePort() {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise((res) => {
      const s = net.createServer();
      s.on('error', () => res(false));
      s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
    });
    if (free) return port;
  }
}
