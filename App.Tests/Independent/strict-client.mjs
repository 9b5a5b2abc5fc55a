// Runs echo, ping and close cases against an EspWs server through Node's `ws` client, which is not ours and checks
// every server frame strictly (masking, RSV bits, opcodes, UTF-8 of text and close reasons, close codes, the
// handshake's accept key). Prints one "PASS name" or "FAIL name: why" line per case, then "SUMMARY passed=N failed=M".
// Usage: node strict-client.mjs ws://127.0.0.1:PORT/ MAX_MESSAGE_BYTES
import { WebSocket } from 'ws';

const [url, maxMessageArg] = process.argv.slice(2);
const maxMessageBytes = Number(maxMessageArg);
const caseTimeoutMs = 10_000;
let passed = 0;
let failed = 0;

/** Valid UTF-8 of exactly `size` bytes, with 2-, 3- and 4-byte characters, so fragment splits fall inside sequences. */
function text(size) {
  const units = ['a', 'é', '€', '𝄞'].map((c) => Buffer.from(c));
  const parts = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const unit = units[i % units.length].length <= size - length ? units[i % units.length] : units[0];
    parts.push(unit);
    length += unit.length;
  }
  return Buffer.concat(parts, size);
}

function binary(size) {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
  return bytes;
}

/** A connection whose events are turned into awaitable queues; any 'error' fails the case. */
function open() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages = [];
    const waiters = [];
    const state = { ws, error: null, closed: null };
    const wake = () => { while (waiters.length) waiters.shift()(); };
    ws.on('message', (data, isBinary) => { messages.push({ data: Buffer.from(data), isBinary }); wake(); });
    ws.on('pong', (data) => { messages.push({ pong: Buffer.from(data) }); wake(); });
    ws.on('error', (err) => { state.error = err; wake(); reject(err); });
    ws.on('close', (code, reason) => { state.closed = { code, reason: reason.toString() }; wake(); });
    ws.on('open', () => resolve(state));
    state.next = async () => {
      while (!messages.length) {
        if (state.error) throw new Error(`client error: ${state.error.message}`);
        if (state.closed) throw new Error(`closed with ${state.closed.code} while a message was expected`);
        await new Promise((r) => waiters.push(r));
      }
      return messages.shift();
    };
    state.closedWith = async () => {
      while (!state.closed) {
        if (state.error) throw new Error(`client error: ${state.error.message}`);
        await new Promise((r) => waiters.push(r));
      }
      if (state.error) throw new Error(`client error: ${state.error.message}`);
      return state.closed;
    };
  });
}

async function run(name, body) {
  let timer;
  try {
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), caseTimeoutMs); });
    await Promise.race([body(), timeout]);
    passed++;
    console.log(`PASS ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${err.message}`);
  } finally {
    clearTimeout(timer);
  }
}

function expectEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

async function expectMessage(c, payload, isBinary) {
  const m = await c.next();
  if (m.pong) throw new Error('got a pong where a message was expected');
  expectEqual(m.isBinary, isBinary, 'binary flag');
  expectEqual(m.data.length, payload.length, 'length');
  if (!m.data.equals(payload)) throw new Error('payload differs');
}

async function closeNormally(c, code = 1000, reason = '') {
  c.ws.close(code, reason);
  const closed = await c.closedWith();
  expectEqual(closed.code, code, 'close code echoed by the server');
}

const sizes = [0, 1, 125, 126, 65_535, 65_536, 1024 * 1024];
for (const [kind, make, isBinary] of [['text', text, false], ['binary', binary, true]]) {
  await run(`echo ${kind} of ${sizes.join(', ')} bytes`, async () => {
    const c = await open();
    for (const size of sizes) {
      const payload = make(size);
      c.ws.send(payload, { binary: isBinary });
      await expectMessage(c, payload, isBinary);
    }
    await closeNormally(c);
  });
}

for (const [kind, make, isBinary, total, fragment] of [
  ['text', text, false, 100 * 1024 + 3, 16 * 1024 + 1],
  ['binary', binary, true, 300 * 1024, 65_536 + 1],
  ['text', text, false, 70_000, 7],
]) {
  await run(`echo ${kind} of ${total} bytes sent in fragments of ${fragment}`, async () => {
    const c = await open();
    const payload = make(total);
    for (let offset = 0; offset < total; offset += fragment) {
      const end = Math.min(offset + fragment, total);
      c.ws.send(payload.subarray(offset, end), { binary: isBinary, fin: end === total });
    }
    await expectMessage(c, payload, isBinary);
    await closeNormally(c);
  });
}

await run('ping with 0 and 125 bytes is answered by pongs with the same payload', async () => {
  const c = await open();
  for (const payload of [Buffer.alloc(0), binary(125)]) {
    c.ws.ping(payload);
    const m = await c.next();
    if (!m.pong) throw new Error('expected a pong');
    if (!m.pong.equals(payload)) throw new Error('pong payload differs');
  }
  await closeNormally(c);
});

await run('ON and OFF are echoed, then answered with the LED state', async () => {
  const c = await open();
  for (const [command, on] of [['ON', true], ['OFF', false]]) {
    c.ws.send(command);
    await expectMessage(c, Buffer.from(command), false);
    const state = JSON.parse((await c.next()).data.toString());
    expectEqual(state.type, 'led', 'type');
    expectEqual(state.on, on, 'on');
    if (!Number.isInteger(state.seq)) throw new Error('seq is not an integer');
  }
  await closeNormally(c);
});

for (const code of [1000, 1001, 1003, 3000, 4999]) {
  await run(`close with ${code} is echoed`, async () => {
    const c = await open();
    await closeNormally(c, code, 'bye');
  });
}

// The server's failures, as a strict client sees them: a close frame with the code, which ws validates.
const failures = [
  ['invalid UTF-8 in a text message', 1007, (c) => c.ws.send(Buffer.from([0x61, 0xf4, 0x90, 0x80, 0x80]), { binary: false })],
  ['a text message ending inside a UTF-8 sequence', 1007, (c) => c.ws.send(Buffer.from([0x61, 0xe2, 0x82]), { binary: false })],
  ['a message over MaxMessageBytes', 1009, (c) => c.ws.send(Buffer.alloc(maxMessageBytes + 1), { binary: true })],
  // ws never sends a broken frame itself, so these are written on its socket: a masked empty frame with the
  // reserved opcode 3, and an unmasked text frame.
  ['a reserved opcode', 1002, (c) => c.ws._socket.write(Buffer.from([0x83, 0x80, 1, 2, 3, 4]))],
  ['an unmasked frame', 1002, (c) => c.ws._socket.write(Buffer.from([0x81, 0x02, 0x68, 0x69]))],
];
for (const [what, code, violate] of failures) {
  await run(`server fails ${what} with ${code}`, async () => {
    const c = await open();
    violate(c);
    const closed = await c.closedWith();
    expectEqual(closed.code, code, 'close code from the server');
  });
}

console.log(`SUMMARY passed=${passed} failed=${failed}`);
process.exit(failed === 0 ? 0 : 1);
