// Trunk post-build hook (Trunk.toml), release builds only: makes wasm-bindgen's JavaScript glue
// and the wasm's import names as small as the code they carry.
//
// wasm-bindgen names every function the wasm imports from the glue `__wbg_<name>_<16 hex
// digits>`; the names appear twice (the wasm's import section and the glue's import object) and
// the hex digits do not compress: about 7 KB of names. Each import is renamed to a short one
// (a, b, …, in the order of the import section) in both files, and the glue is minified with
// terser (Trunk's own JS minifier cannot parse it). The page's integrity hashes of both files
// are recomputed. The service worker is minified as well.
//
// Usage: node scripts/minify-glue.mjs [DIR]   (DIR defaults to $TRUNK_STAGING_DIR)

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) fail('no directory: pass one, or run as a Trunk hook');
if (process.argv[2] === undefined && process.env.TRUNK_PROFILE !== 'release') process.exit(0);

function fail(why) {
  console.error(`minify-glue: ${why}`);
  process.exit(1);
}

const files = readdirSync(dir);
const wasmName = files.find((f) => f.endsWith('_bg.wasm'));
if (!wasmName) fail(`no *_bg.wasm in ${dir}`);
const jsName = wasmName.replace(/_bg\.wasm$/, '.js');
if (!files.includes(jsName)) fail(`no ${jsName} next to ${wasmName}`);
const wasmPath = join(dir, wasmName);
const jsPath = join(dir, jsName);
const htmlPath = join(dir, 'index.html');
const wasm = readFileSync(wasmPath);
const js = readFileSync(jsPath, 'utf8');
const html = readFileSync(htmlPath, 'utf8');

// --- The wasm: read the import section, write it back with the short names. ---

function readLeb(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

function name(s) {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([leb(bytes.length), bytes]);
}

/** Short identifiers: a … z, A … Z, then two letters, and so on (never a JS keyword). */
function shortName(i) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  do {
    s = letters[i % letters.length] + s;
    i = Math.floor(i / letters.length) - 1;
  } while (i >= 0);
  return s;
}

if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmName} is not a wasm module`);
const parts = [wasm.subarray(0, 8)];
const renames = new Map(); // old import name -> new
const exportRenames = new Map(); // old export name -> new
let glueModule = null;
for (let at = 8; at < wasm.length;) {
  const id = wasm[at];
  const [size, body] = readLeb(wasm, at + 1);
  const end = body + size;
  if (id === 7) {
    parts.push(exportSection(body, end));
    at = end;
    continue;
  }
  if (id !== 2) {
    parts.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  // The import section: (module, field, description)*. Only the function imports of the glue's
  // module are renamed; their descriptions are copied as they are.
  const out = [];
  let [count, p] = readLeb(wasm, body);
  out.push(leb(count));
  for (let i = 0; i < count; i++) {
    const start = p;
    let len;
    [len, p] = readLeb(wasm, p);
    const module = wasm.toString('utf8', p, p + len);
    p += len;
    [len, p] = readLeb(wasm, p);
    const field = wasm.toString('utf8', p, p + len);
    p += len;
    const descStart = p;
    const kind = wasm[p++];
    if (kind === 0) [, p] = readLeb(wasm, p); // function: its type index
    else if (kind === 1) { p++; const [flags, q] = readLeb(wasm, p); [, p] = readLeb(wasm, q); if (flags & 1) [, p] = readLeb(wasm, p); }
    else if (kind === 2) { const [flags, q] = readLeb(wasm, p); [, p] = readLeb(wasm, q); if (flags & 1) [, p] = readLeb(wasm, p); }
    else if (kind === 3) p += 2;
    else if (kind === 4) { p++; [, p] = readLeb(wasm, p); }
    else fail(`unknown import kind ${kind} in ${wasmName}`);
    if (kind === 0 && module.startsWith('./')) {
      if (glueModule !== null && glueModule !== module) fail(`two glue modules: ${glueModule}, ${module}`);
      glueModule = module;
      if (!field.startsWith('__wb')) fail(`import ${field} is not wasm-bindgen's: was ${wasmName} minified already?`);
      const short = shortName(renames.size);
      renames.set(field, short);
      out.push(name(module), name(short), wasm.subarray(descStart, p));
    } else {
      out.push(wasm.subarray(start, p));
    }
  }
  if (p !== end) fail('the import section did not parse to its end');
  const section = Buffer.concat(out);
  parts.push(Buffer.from([2]), leb(section.length), section);
  at = end;
}
if (renames.size === 0) fail(`no imports from the glue in ${wasmName}`);

/** `s` as a whole name in JS source (also as a property, `x.s`, if `property`). */
function word(s, property = false) {
  const before = property ? '(?<![\\w$])' : '(?<![\\w$.])';
  return new RegExp(`${before}${s.replace(/[$.]/g, '\\$&')}(?![\\w$])`);
}

/** The export section, with the exports the glue reads only as `wasm.<name>` renamed. */
function exportSection(body, end) {
  const out = [];
  let [count, p] = readLeb(wasm, body);
  out.push(leb(count));
  for (let i = 0; i < count; i++) {
    let len;
    [len, p] = readLeb(wasm, p);
    const field = wasm.toString('utf8', p, p + len);
    p += len;
    const descStart = p;
    p++;
    [, p] = readLeb(wasm, p);
    const uses = js.split(word(field, true)).length - 1;
    const reads = js.split(word(`wasm.${field}`)).length - 1;
    let short = field;
    if (uses > 0 && uses === reads) {
      short = `_${shortName(exportRenames.size)}`;
      exportRenames.set(field, short);
    }
    out.push(name(short), wasm.subarray(descStart, p));
  }
  if (p !== end) fail('the export section did not parse to its end');
  const section = Buffer.concat(out);
  return Buffer.concat([Buffer.from([7]), leb(section.length), section]);
}

// --- The glue: rename the import object's keys, then minify. ---

// Each import is a key of the import object, `    name: function(…`, and nowhere else.
let glue = js;
for (const [from, to] of renames) {
  const key = new RegExp(`^(\\s+)${from.replace(/\$/g, '\\$')}:`, 'm');
  const uses = glue.split(from).length - 1;
  if (uses !== 1 || !key.test(glue)) fail(`${from} is not exactly one key of the glue's import object (${uses} uses)`);
  glue = glue.replace(key, `$1${to}:`);
}
for (const [from, to] of exportRenames) {
  glue = glue.replace(new RegExp(word(`wasm.${from}`).source, 'g'), `wasm.${to}`);
}

const require = createRequire(join(root, '.tools', 'package.json'));
let minify;
try {
  ({ minify } = require('terser'));
} catch {
  fail('terser is not installed in .tools/ (scripts/tools.sh installs it)');
}
const result = await minify(glue, { module: true, compress: true, mangle: true });
if (!result.code) fail('terser returned nothing');
// The service worker (static/sw.js, a classic script) is minified too.
const swPath = join(dir, 'sw.js');
const sw = files.includes('sw.js') ? (await minify(readFileSync(swPath, 'utf8'))).code : null;
if (sw === undefined) fail('terser returned nothing for sw.js');

// --- Write both files and the page's integrity hashes. ---

const integrity = (buf) => `sha384-${createHash('sha384').update(buf).digest('base64')}`;
const newWasm = Buffer.concat(parts);
const newJs = Buffer.from(result.code, 'utf8');
let page = html;
for (const [before, after] of [[wasm, newWasm], [Buffer.from(js, 'utf8'), newJs]]) {
  const old = integrity(before);
  if (page.includes(old)) page = page.split(old).join(integrity(after));
}
writeFileSync(wasmPath, newWasm);
writeFileSync(jsPath, newJs);
writeFileSync(htmlPath, page);
if (sw) writeFileSync(swPath, sw);
console.log(`minify-glue: ${renames.size} imports and ${exportRenames.size} exports renamed; ${jsName} ${js.length} -> ${newJs.length} bytes, `
  + `${wasmName} ${wasm.length} -> ${newWasm.length} bytes${sw ? `, sw.js minified` : ''}`);
