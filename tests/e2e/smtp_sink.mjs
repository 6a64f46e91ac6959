// A small real SMTP server for the tests: accepts every message on 127.0.0.1 and keeps it, decoded
// (RFC 2047 subject, multipart text + HTML in base64 or quoted-printable, UTF-8).
//
//   const sink = await start();          // a free port
//   ... SMTP_URL=smtp://127.0.0.1:${sink.port} ...
//   const m = await sink.waitFor((m) => m.to.includes('a@b.fr'), 5000);
//   await sink.stop();                   // closes the listener and every open connection
//   const again = await start(sink.port, { messages: sink.messages });  // same port, same list
import net from 'node:net';

// ---------------------------------------------------------------- decoding

const decodeBytes = (bytes, charset = 'utf-8') => {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
};

// Quoted-printable to bytes: soft line breaks dropped, =XX to one byte, anything else as UTF-8.
function quotedPrintableBytes(text) {
  const s = text.replace(/=\r?\n/g, '');
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(out);
}

// RFC 2047 encoded words (=?charset?B?...?= and =?charset?Q?...?=); blanks between two encoded
// words are dropped.
export function decodeHeader(value) {
  if (!value) return value;
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  const joined = value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1');
  return joined.replace(word, (_, charset, enc, data) => {
    const bytes = enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64')
      : quotedPrintableBytes(data.replace(/_/g, ' '));
    return decodeBytes(bytes, charset.replace(/\*.*$/, ''));
  });
}

// Splits a header block and a body; headers unfolded, names lower-cased (a repeated header keeps
// its last value, `all` keeps every one in order).
function splitEntity(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  const headers = {};
  const all = [];
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = value;
    all.push([name, value]);
  }
  return { headers, all, body };
}

// "text/plain; charset=UTF-8; boundary=..." → { type: 'text/plain', params: {charset, boundary} }
function parseContentType(value = 'text/plain') {
  const [type, ...rest] = value.split(';');
  const params = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase() || 'text/plain', params };
}

function decodeBody(body, transferEncoding = '7bit', charset = 'utf-8') {
  const enc = transferEncoding.trim().toLowerCase();
  if (enc === 'base64') return decodeBytes(Buffer.from(body.replace(/\s+/g, ''), 'base64'), charset);
  if (enc === 'quoted-printable') return decodeBytes(quotedPrintableBytes(body), charset);
  return body;  // 7bit / 8bit / binary: the raw text was already read as UTF-8
}

// Walks a MIME entity; fills out.text / out.html with the first text/plain and text/html leaves.
function walk(raw, out, depth = 0) {
  const { headers, body } = splitEntity(raw);
  const ct = parseContentType(headers['content-type']);
  if (ct.type.startsWith('multipart/') && ct.params.boundary && depth < 10) {
    const delimiter = '--' + ct.params.boundary;
    const pieces = body.split(new RegExp('(?:^|\\r?\\n)' + delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // pieces[0] is the preamble; a piece starting with "--" is the closing delimiter (epilogue).
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith('--')) break;
      walk(piece.replace(/^[ \t]*\r?\n/, ''), out, depth + 1);
    }
    return;
  }
  const disposition = (headers['content-disposition'] ?? '').toLowerCase();
  if (disposition.startsWith('attachment')) return;
  const text = decodeBody(body, headers['content-transfer-encoding'], ct.params.charset ?? 'utf-8');
  if (ct.type === 'text/plain' && out.text === undefined) out.text = text;
  else if (ct.type === 'text/html' && out.html === undefined) out.html = text;
}

export function parseMessage(raw) {
  const { headers } = splitEntity(raw);
  const out = {};
  walk(raw, out);
  return {
    headers,
    subject: decodeHeader(headers.subject ?? ''),
    text: out.text ?? '',
    html: out.html ?? '',
  };
}

// ---------------------------------------------------------------- server

const address = (arg) => {
  const m = /<([^>]*)>/.exec(arg);
  return (m ? m[1] : arg.split(/\s+/)[0] ?? '').trim();
};

export async function start(port = 0, { messages = [] } = {}) {
  const sockets = new Set();
  const waiters = new Set();

  const deliver = (message) => {
    messages.push(message);
    for (const w of [...waiters]) {
      if (w.predicate(message)) {
        waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(message);
      }
    }
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const reply = (line) => { if (!socket.destroyed) socket.write(line + '\r\n'); };

    let buffer = Buffer.alloc(0);
    let inData = false;
    let dataLines = [];
    let envelope = { from: null, to: [] };

    const onLine = (lineBytes) => {
      if (inData) {
        const line = lineBytes.toString('latin1');
        if (line === '.') {
          inData = false;
          const rawBuffer = Buffer.concat(dataLines.map((l) => Buffer.concat([l, Buffer.from('\r\n')])));
          dataLines = [];
          const raw = rawBuffer.toString('utf8');
          let parsed;
          try { parsed = parseMessage(raw); } catch (e) { parsed = { headers: {}, subject: '', text: '', html: '', error: String(e) }; }
          deliver({ from: envelope.from, to: [...envelope.to], raw, ...parsed, receivedAt: new Date() });
          envelope = { from: null, to: [] };
          reply('250 2.0.0 OK queued');
        } else {
          dataLines.push(line.startsWith('.') ? lineBytes.subarray(1) : lineBytes);  // undo dot-stuffing
        }
        return;
      }
      const line = lineBytes.toString('utf8');
      const space = line.indexOf(' ');
      const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
      const arg = space < 0 ? '' : line.slice(space + 1);
      switch (verb) {
        case 'EHLO':
          reply('250-127.0.0.1 smtp sink');
          reply('250-8BITMIME');
          reply('250-SMTPUTF8');
          reply('250 PIPELINING');
          break;
        case 'HELO': reply('250 127.0.0.1 smtp sink'); break;
        case 'MAIL':
          envelope = { from: address(arg.replace(/^FROM:/i, '')), to: [] };
          reply('250 2.1.0 OK');
          break;
        case 'RCPT':
          envelope.to.push(address(arg.replace(/^TO:/i, '')));
          reply('250 2.1.5 OK');
          break;
        case 'DATA':
          if (envelope.to.length === 0) { reply('503 5.5.1 RCPT first'); break; }
          inData = true;
          dataLines = [];
          reply('354 End data with <CR><LF>.<CR><LF>');
          break;
        case 'RSET': envelope = { from: null, to: [] }; reply('250 2.0.0 OK'); break;
        case 'NOOP': reply('250 2.0.0 OK'); break;
        case 'QUIT': reply('221 2.0.0 Bye'); socket.end(); break;
        case '': break;
        default: reply('502 5.5.2 Command not implemented');
      }
    };

    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      let nl;
      while ((nl = buffer.indexOf(0x0a)) >= 0) {
        const end = nl > 0 && buffer[nl - 1] === 0x0d ? nl - 1 : nl;
        const line = buffer.subarray(0, end);
        buffer = buffer.subarray(nl + 1);
        onLine(Buffer.from(line));
      }
    });
    reply('220 127.0.0.1 ESMTP smtp sink');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });

  return {
    port: server.address().port,
    messages,
    // The first message (already received or to come) for which predicate(message) is true.
    waitFor(predicate = () => true, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { predicate, resolve };
        w.timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`no matching e-mail within ${timeoutMs} ms; received: ${JSON.stringify(messages.map((m) => ({ to: m.to, subject: m.subject })))}`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    async stop() {
      const closed = new Promise((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
