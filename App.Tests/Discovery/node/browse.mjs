// An independent DNS-SD browser for the discovery tests, on Node's multicast-dns (none of EspWs's code).
//   node browse.mjs find TYPE [--name NAME] [--expect KEY=VALUE] [--timeout MS]
//     asks for TYPE.local once a second and prints the first instance (matching NAME, and whose TXT has KEY=VALUE)
//     as one JSON line: {"instance","port","target","address","txt":{...}}; exits 1 at the timeout.
//   node browse.mjs goodbye TYPE --name NAME [--timeout MS]
//     listens without asking (LISTENING once bound) and prints GOODBYE when NAME's pointer arrives with TTL 0 (RFC 6762 §10.1).
import makeMdns from 'multicast-dns';

const [mode, type, ...rest] = process.argv.slice(2);
const option = (flag, fallback) => {
  const i = rest.indexOf(flag);
  return i >= 0 ? rest[i + 1] : fallback;
};
const wanted = option('--name');
const expect = option('--expect');
const timeout = Number(option('--timeout', '10000'));
const service = `${type}.local`;
const instances = new Map();
const mdns = makeMdns();

const finish = (code, line) => {
  if (line) console.log(line);
  mdns.destroy();
  process.exit(code);
};
setTimeout(() => finish(1, `TIMEOUT ${mode} ${service} after ${timeout} ms: heard ${JSON.stringify([...instances.values()])}`), timeout);

const instanceName = (full) => full.slice(0, full.length - service.length - 1).replace(/\\\./g, '.');
const txtOf = (data) => Object.fromEntries(data.map((b) => b.toString()).map((s) => {
  const eq = s.indexOf('=');
  return eq < 0 ? [s, ''] : [s.slice(0, eq), s.slice(eq + 1)];
}));

mdns.on('response', (response) => {
  const records = [...response.answers, ...response.additionals];
  for (const ptr of records.filter((r) => r.type === 'PTR' && r.name.toLowerCase() === service.toLowerCase())) {
    const name = instanceName(ptr.data);
    if (wanted && name !== wanted) continue;
    if (mode === 'goodbye') {
      if (ptr.ttl === 0) finish(0, `GOODBYE ${name}`);
      continue;
    }
    const known = instances.get(ptr.data) ?? { instance: name };
    const srv = records.find((r) => r.type === 'SRV' && r.name === ptr.data);
    const txt = records.find((r) => r.type === 'TXT' && r.name === ptr.data);
    if (srv) Object.assign(known, { port: srv.data.port, target: srv.data.target });
    if (txt) known.txt = txtOf(txt.data);
    const a = records.find((r) => r.type === 'A' && known.target && r.name === known.target);
    if (a) known.address = a.data;
    instances.set(ptr.data, known);
  }
  for (const found of instances.values()) {
    if (found.port === undefined || !found.txt) continue;
    if (expect) {
      const [key, value] = [expect.slice(0, expect.indexOf('=')), expect.slice(expect.indexOf('=') + 1)];
      if (found.txt[key] !== value) continue;
    }
    finish(0, JSON.stringify(found));
  }
});

mdns.on('ready', () => console.log('LISTENING'));
if (mode === 'find') {
  const ask = () => mdns.query({ questions: [{ name: service, type: 'PTR' }] });
  ask();
  setInterval(ask, 1000);
}
