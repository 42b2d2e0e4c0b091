// The host-network transform (test bed): with no private network, a service is reached on 127.0.0.1 at its
// host port, and listens there itself. So every address of the form
//   <service>:<containerPort>   (another service, by its compose name)
//   localhost:<containerPort> / 127.0.0.1:<containerPort>   (the service itself)
// becomes 127.0.0.1:<hostPort>. "localhost" means the container itself, so those use the owner's own ports.

/** service → (container port → host port). */
export type PortMap = Map<string, Map<number, number>>;

export function rewriteAddresses(text: string, ownService: string, ports: PortMap): string {
  let out = text;
  for (const [service, mapping] of ports) {
    for (const [containerPort, hostPort] of mapping) {
      const hosts = service === ownService ? [service, 'localhost', '127\\.0\\.0\\.1'] : [escapeRegExp(service)];
      // Not part of a longer name before (my-app:80 is not app:80), nor a longer port after (9200 in 92001).
      const re = new RegExp(`(?<![\\w.-])(?:${hosts.join('|')}):${containerPort}(?!\\d)`, 'g');
      out = out.replace(re, `127.0.0.1:${hostPort}`);
    }
  }
  return out;
}

/** "{port}" → the service's host port. */
export function fillPortPlaceholder(text: string, hostPort: number | undefined, where: string): string {
  if (!text.includes('{port}')) return text;
  if (hostPort === undefined) throw new Error(`${where} uses {port} but the service publishes no port`);
  return text.split('{port}').join(String(hostPort));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
