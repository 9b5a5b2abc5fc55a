// Finds an EspWs device on the local network by its DNS-SD announcement (mDNS), checks that the device presents the
// certificate whose SHA-256 fingerprint it announced, and switches its LED over wss://: no address typed, no
// certificate trusted by hand. See docs/discovery.md and docs/security.md.
//
//   npm ci && node find-and-switch.mjs [NAME] [ON|OFF|TOGGLE]
//   ESPWS_TOKEN=...   the device's Security:Token, when its announcement says auth=token
import tls from 'node:tls';
import makeMdns from 'multicast-dns';
import WebSocket from 'ws';

const [wantedName, command = 'ON'] = process.argv.slice(2);
const token = process.env.ESPWS_TOKEN ?? '';
const SERVICE = '_espws._tcp.local';
const TIMEOUT_MS = 10000;

const fail = (message) => {
  console.error(`find-and-switch: ${message}`);
  process.exit(1);
};
setTimeout(() => fail(`gave up after ${TIMEOUT_MS} ms`), TIMEOUT_MS).unref();

// 1. Find the device: ask once a second for _espws._tcp; an answer carries the SRV, TXT and address records with it.
function find() {
  return new Promise((resolve) => {
    const mdns = makeMdns();
    const ask = () => mdns.query({ questions: [{ name: SERVICE, type: 'PTR' }] });
    const timer = setInterval(ask, 1000);
    mdns.on('response', (response) => {
      const records = [...response.answers, ...response.additionals];
      for (const ptr of records.filter((r) => r.type === 'PTR' && r.name === SERVICE && r.ttl > 0)) {
        const name = ptr.data.slice(0, -SERVICE.length - 1).replace(/\\\./g, '.');
        if (wantedName && name !== wantedName) continue;
        const srv = records.find((r) => r.type === 'SRV' && r.name === ptr.data);
        const txt = records.find((r) => r.type === 'TXT' && r.name === ptr.data);
        const a = srv && records.find((r) => r.type === 'A' && r.name === srv.data.target);
        if (!srv || !txt || !a) continue;
        const keys = Object.fromEntries(txt.data.map(String).map((s) => [s.split('=', 1)[0], s.slice(s.indexOf('=') + 1)]));
        clearInterval(timer);
        mdns.destroy();
        resolve({ name, address: a.data, port: srv.data.port, txt: keys });
        return;
      }
    });
    ask();
  });
}

// 2. Pin: open TLS without the usual chain check, then accept the connection only if the device's certificate has
// the announced fingerprint; nothing (not the token) is sent before that check.
function pinnedTls(device) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: device.address, port: device.port, rejectUnauthorized: false });
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const presented = socket.getPeerCertificate().fingerprint256;
      if (presented !== device.txt.sha256) {
        socket.destroy();
        reject(new Error(`certificate ${presented} is not the announced ${device.txt.sha256}`));
        return;
      }
      resolve(socket);
    });
  });
}

const device = await find();
console.log(`found ${device.name} at ${device.address}:${device.port} (board ${device.txt.board}, tls=${device.txt.tls}, auth=${device.txt.auth})`);
if (device.txt.auth === 'token' && !token) fail('the device asks for a token: set ESPWS_TOKEN');

const secure = device.txt.tls === '1';
const socket = secure ? await pinnedTls(device).catch((e) => fail(e.message)) : undefined;
if (secure) console.log(`certificate matches the announced fingerprint ${device.txt.sha256}`);

// 3. Switch the LED over the connection just checked, and wait for the device to report the new state.
const url = `${secure ? 'wss' : 'ws'}://${device.address}:${device.port}/`;
const ws = new WebSocket(url, {
  headers: token ? { Authorization: `Bearer ${token}` } : {},
  ...(secure ? { createConnection: () => socket } : {}),
});
ws.on('error', (e) => fail(e.message));
ws.on('open', () => ws.send(command));
ws.on('message', (data) => {
  const text = data.toString();
  if (!text.startsWith('{')) return;
  const state = JSON.parse(text);
  if (state.type !== 'led') return;
  console.log(`LED ${state.on ? 'on' : 'off'} (seq ${state.seq})`);
  ws.close(1000);
  process.exit(0);
});
