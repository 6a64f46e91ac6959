// Real images built byte by byte for the photo tests (no image library: ImageMagick is not always
// there), and a staff token.
import { deflateSync } from 'node:zlib';
import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
const be32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; };
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([be32(data.length), body, be32(crc32(body))]);
}

// An RGB PNG of random pixels (so it does not compress), optionally padded with a tEXt chunk to
// exactly `size` bytes.
export function png({ width = 2, height = 2, size } = {}) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  randomBytes(raw.length).copy(raw);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0;  // filter type 0 on each line
  const ihdr = Buffer.concat([be32(width), be32(height), Buffer.from([8, 2, 0, 0, 0])]);
  const head = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 0 }))]);
  const end = chunk('IEND', Buffer.alloc(0));
  if (size === undefined) return Buffer.concat([head, end]);
  const padding = size - head.length - end.length - 12 - 'Comment\0'.length;
  if (padding < 0) throw new Error(`a ${width}x${height} PNG is larger than ${size} bytes`);
  return Buffer.concat([head, chunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(padding, 'x')])), end]);
}

// A 1x1 grey baseline JPEG: quantisation table of ones, one-code Huffman tables, the scan "00".
export function jpeg({ width = 1, height = 1 } = {}) {
  const seg = (marker, body) => Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  const counts = Buffer.alloc(16); counts[0] = 1;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('4a46494600010100000100010000', 'hex')),
    seg(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    seg(0xc0, Buffer.from([8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0])),
    seg(0xc4, Buffer.concat([Buffer.from([0x00]), counts, Buffer.from([0])])),
    seg(0xc4, Buffer.concat([Buffer.from([0x10]), counts, Buffer.from([0])])),
    seg(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x3f, 0xff, 0xd9]),
  ]);
}

// A 1x1 lossless WebP (one opaque black pixel).
export function webp() {
  const vp8l = Buffer.from('2f0000000088 88fe07'.replace(/ /g, ''), 'hex');
  const body = Buffer.concat([Buffer.from('VP8L'), Buffer.from([vp8l.length, 0, 0, 0]), vp8l, Buffer.alloc(vp8l.length % 2)]);
  const riffSize = Buffer.alloc(4); riffSize.writeUInt32LE(4 + body.length);
  return Buffer.concat([Buffer.from('RIFF'), riffSize, Buffer.from('WEBP'), body]);
}

// The shop's token signing key, given to the server as AUTH_SIGNING_KEY, so that a test can sign a
// token with the `staff` role (no route creates staff accounts yet) exactly as the auth service
// signs its own: a real customer token's header (alg, kid) and claims, with other roles.
export function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  return {
    pem,
    withRoles(token, roles, sub) {
      const [header, payload] = token.split('.');
      const claims = { ...JSON.parse(Buffer.from(payload, 'base64url')), roles, ...(sub ? { sub } : {}) };
      const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      const signature = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
      return `${input}.${signature}`;
    },
  };
}
