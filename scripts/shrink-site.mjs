// Trunk post-build hook (Trunk.toml), release builds only: the same code in fewer bytes.
//
// 1. The order of the functions. gzip finds repeats only 32 KiB back, and a function's nearest
//    likes are other implementations of the same trait method (every `PartialEq::eq`, every
//    `Drop`), then other methods of the same type. Trunk's wasm-opt keeps the names (`-g`);
//    this script names each function by that grouping, then by its first bytes (similar bodies
//    side by side), has wasm-opt order the functions by those names and drop them (no name
//    section ships).
// 2. wasm-bindgen names most functions the wasm imports from the glue `__wbg_<name>_<16 hex
//    digits>`; the names appear twice (the wasm's import section and the glue's import object) and
//    the hex digits do not compress: about 7 KB of names. Each import is renamed to a short one
//    (a, b, …, in the order of the import section) in both files, as is each of wasm-bindgen's
//    exports (`__wbindgen_…`, the closures' `_ZN…`) that the glue reads only as `wasm.<name>`.
// 3. The glue is minified with terser (Trunk's own JS minifier cannot parse it), and so is the
//    service worker.
// 4. The glue and the wasm are named after a hash of their final contents, and the page's
//    integrity hashes recomputed.
//
// Usage: node scripts/shrink-site.mjs [DIR]   (DIR defaults to $TRUNK_STAGING_DIR; wasm-opt
// and terser from .tools/, where scripts/tools.sh installs them)

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) fail('no directory: pass one, or run as a Trunk hook');
if (process.argv[2] === undefined && process.env.TRUNK_PROFILE !== 'release') process.exit(0);

function fail(why) {
  console.error(`shrink-site: ${why}`);
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
const built = readFileSync(wasmPath);
const js = readFileSync(jsPath, 'utf8');
const html = readFileSync(htmlPath, 'utf8');

function readLeb(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[at++];
    if (byte === undefined) fail(`${wasmName} ends in the middle of a number`);
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

/** Short names: a … z, A … Z, then two letters, and so on. Some are JS keywords (`do`, `if`),
 * which is fine: they are only ever object keys and wasm names. */
function shortName(i) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  do {
    s = letters[i % letters.length] + s;
    i = Math.floor(i / letters.length) - 1;
  } while (i >= 0);
  return s;
}

/** The sections of a module: [id, start of contents, end, start of the section]. */
function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) fail(`${wasmName} is not a wasm module`);
  const out = [];
  for (let at = 8; at < buf.length;) {
    const [size, body] = readLeb(buf, at + 1);
    if (body + size > buf.length) fail(`${wasmName}: a section runs past the end of the file`);
    out.push([buf[at], body, body + size, at]);
    at = body + size;
  }
  return out;
}

/** The entries of the import section whose contents are buf[body..end]: where each starts, its
 * module and field, its kind, where its description starts and where the next entry starts. */
function imports(buf, body, end) {
  const out = [];
  let [count, p] = readLeb(buf, body);
  for (let i = 0; i < count; i++) {
    const start = p;
    let len;
    [len, p] = readLeb(buf, p);
    const module = buf.toString('utf8', p, p + len);
    p += len;
    [len, p] = readLeb(buf, p);
    const field = buf.toString('utf8', p, p + len);
    p += len;
    const desc = p;
    const kind = buf[p++];
    const limits = () => { const [flags, q] = readLeb(buf, p); [, p] = readLeb(buf, q); if (flags & 1) [, p] = readLeb(buf, p); };
    if (kind === 0) [, p] = readLeb(buf, p); // a function: its type
    else if (kind === 1) { p++; limits(); } // a table: its element type and limits
    else if (kind === 2) limits(); // a memory
    else if (kind === 3) p += 2; // a global: its type and mutability
    else if (kind === 4) { p++; [, p] = readLeb(buf, p); } // a tag
    else fail(`unknown import kind ${kind} in ${wasmName}`);
    out.push({ start, module, field, kind, desc, next: p });
  }
  if (p !== end) fail('the import section did not parse to its end');
  return out;
}

// --- 1. The order of the functions. ---

/** A Rust symbol (legacy mangling) as written in source: `<T as core::cmp::PartialEq>::eq`. */
function demangle(symbol) {
  if (!symbol.startsWith('_ZN')) return symbol;
  const segments = [];
  for (let at = 3; at < symbol.length && symbol[at] !== 'E';) {
    const digits = /^\d+/.exec(symbol.slice(at));
    if (!digits) break;
    at += digits[0].length;
    segments.push(symbol.slice(at, at + Number(digits[0])));
    at += Number(digits[0]);
  }
  if (/^h[0-9a-f]{16}$/.test(segments.at(-1) ?? '')) segments.pop();
  const escapes = { $LT$: '<', $GT$: '>', $u20$: ' ', $RF$: '&', $BP$: '*', $C$: ',', $u7b$: '{', $u7d$: '}', $u5b$: '[', $u5d$: ']', $u27$: "'", $u3b$: ';', $u21$: '!', $u2b$: '+' };
  return segments.join('::').replace(/\$(LT|GT|u20|RF|BP|C|u7b|u7d|u5b|u5d|u27|u3b|u21|u2b)\$/g, (e) => escapes[e]).replace(/\.\./g, '::');
}

/** What a function is grouped by: its trait and method (`core::cmp::PartialEq::eq`) for a trait
 * method, else its path without the function's own name (the type or module it belongs to). */
function group(symbol) {
  const path = demangle(symbol).replace(/^_</, '<');
  const traitMethod = /^<.+? as (.+)>::([^:]+)$/.exec(path);
  if (traitMethod) return `${traitMethod[1]}::${traitMethod[2]}`;
  const cut = path.lastIndexOf('::');
  return cut > 0 ? path.slice(0, cut) : path;
}

/** The module with its functions renamed so that their order by name is the order wanted. */
function namedForOrder(buf) {
  let imported = 0;
  const bodies = [];
  let names = null;
  for (const [id, body, end, header] of sections(buf)) {
    if (id === 2) {
      imported = imports(buf, body, end).filter((i) => i.kind === 0).length;
    } else if (id === 10) {
      let [count, p] = readLeb(buf, body);
      for (let i = 0; i < count; i++) {
        const [size, start] = readLeb(buf, p);
        bodies.push(buf.subarray(start, start + size));
        p = start + size;
      }
    } else if (id === 0) {
      const [len, p] = readLeb(buf, body);
      if (buf.toString('utf8', p, p + len) === 'name') names = [header, end, p + len];
    }
  }
  if (!names) fail(`${wasmName} has no name section: Trunk's wasm-opt must keep the names (-g)`);
  // The name section: subsections (id, size, contents); the function names are subsection 1.
  const [sectionStart, sectionEnd, subsections] = names;
  const symbols = new Map();
  for (let at = subsections; at < sectionEnd;) {
    const sub = buf[at];
    const [size, p0] = readLeb(buf, at + 1);
    if (sub === 1) {
      let [count, p] = readLeb(buf, p0);
      for (let i = 0; i < count; i++) {
        let index;
        let len;
        [index, p] = readLeb(buf, p);
        [len, p] = readLeb(buf, p);
        symbols.set(index, buf.toString('utf8', p, p + len));
        p += len;
      }
    }
    at = p0 + size;
  }
  // Rust's float formatting (Grisu and Dragon with their tables, 7.6 KB of gzip) comes in
  // with a single `{}` of an f64 anywhere; the page writes its numbers with `ui::num::fixed`.
  const floats = [...symbols.values()].find((s) => s.includes('float_to_decimal'));
  if (floats) fail(`Rust's float formatting is in the wasm (${floats}): some format! or to_string of an f64 or f32; write the number with ui::num::fixed`);
  const defined = bodies.map((body, i) => {
    const index = imported + i;
    const symbol = symbols.get(index) ?? `${index}`;
    return { index, key: `${group(symbol)}\u0000${body.subarray(0, 64).toString('hex')}\u0000${symbol}` };
  });
  defined.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  const width = String(defined.length).length;
  const entries = defined
    .map(({ index }, rank) => [index, `f${String(rank).padStart(width, '0')}`])
    .sort((a, b) => a[0] - b[0])
    .map(([index, label]) => Buffer.concat([leb(index), name(label)]));
  const functionNames = Buffer.concat([leb(entries.length), ...entries]);
  const contents = Buffer.concat([name('name'), Buffer.from([1]), leb(functionNames.length), functionNames]);
  return Buffer.concat([buf.subarray(0, sectionStart), Buffer.from([0]), leb(contents.length), contents, buf.subarray(sectionEnd)]);
}

const tmp = join(tmpdir(), `shrink-site-${process.pid}.wasm`);
writeFileSync(tmp, namedForOrder(built));
const wasmOpt = spawnSync(join(root, '.tools', 'node_modules', '.bin', 'wasm-opt'), [tmp,
  // Binaryen would otherwise write the import section in the compact form, which the next step
  // (and older engines) do not read.
  '--disable-compact-imports', '--reorder-functions-by-name', '--strip-debug', '--strip-producers', '--strip-target-features', '-o', tmp], { stdio: 'inherit' });
if (wasmOpt.status !== 0) fail(`wasm-opt failed (${wasmOpt.error ?? `exit ${wasmOpt.status}`})`);
const wasm = readFileSync(tmp);
rmSync(tmp);

// --- 2. Short names for the imports and exports. ---

const parts = [wasm.subarray(0, 8)];
const renames = new Map(); // old import name -> new
const exportRenames = new Map(); // old export name -> new
let glueModule = null;
for (const [id, body, end, at] of sections(wasm)) {
  if (id === 7) {
    parts.push(exportSection(body, end));
    continue;
  }
  if (id !== 2) {
    parts.push(wasm.subarray(at, end));
    continue;
  }
  // The import section: only the function imports of the glue's module are renamed; their
  // descriptions are copied as they are.
  const list = imports(wasm, body, end);
  const out = [leb(list.length)];
  for (const { start, module, field, kind, desc, next } of list) {
    if (kind === 0 && module.startsWith('./')) {
      if (glueModule !== null && glueModule !== module) fail(`two glue modules: ${glueModule}, ${module}`);
      glueModule = module;
      if (!field.startsWith('__wb')) fail(`import ${field} is not wasm-bindgen's: was ${wasmName} shrunk already?`);
      if (!renames.has(field)) renames.set(field, shortName(renames.size));
      const short = renames.get(field);
      out.push(name(module), name(short), wasm.subarray(desc, next));
    } else {
      out.push(wasm.subarray(start, next));
    }
  }
  const section = Buffer.concat(out);
  parts.push(Buffer.from([2]), leb(section.length), section);
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
  const exported = new Set();
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
    // Only wasm-bindgen's own exports (`__wbindgen_…`, the closures' `_ZN…`): `memory` and the
    // like may be read by other scripts, through the exports Trunk's loader hands out.
    if (field.startsWith('_') && uses > 0 && uses === reads) {
      short = `_${shortName(exportRenames.size)}`;
      exportRenames.set(field, short);
    }
    if (exported.has(short)) fail(`two exports named ${short}`);
    exported.add(short);
    out.push(name(short), wasm.subarray(descStart, p));
  }
  if (p !== end) fail('the export section did not parse to its end');
  const section = Buffer.concat(out);
  return Buffer.concat([Buffer.from([7]), leb(section.length), section]);
}

// --- 3. The glue: the import object's keys renamed, then minified; the service worker. ---

// Each import is a key of the import object, `    name: function(…`, and nowhere else.
let glue = js;
for (const [from, to] of renames) {
  if (new RegExp(`^\\s+${to}:`, 'm').test(glue)) fail(`the glue already has a key ${to}`);
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

// --- 4. New names and integrity hashes. ---

// Trunk names the glue and the wasm after a hash of what it built, before this script changed
// them: the same name would then stand for other contents whenever only this script or the
// wasm-opt options change, and a browser (or the service worker, which serves hashed assets
// from its cache) would pair a new page with an old file. The files are renamed after a hash of
// their final contents, and the page's integrity hashes recomputed.
const newWasm = Buffer.concat(parts);
const newJs = Buffer.from(result.code, 'utf8');
if (!WebAssembly.validate(newWasm)) fail('the rewritten wasm does not validate');
const stem = jsName.slice(0, -'.js'.length);
// Trunk writes its hash in hex without leading zeros: 15 digits or fewer now and then.
const trunkHash = /-([0-9a-f]{1,16})$/.exec(stem);
if (!trunkHash) fail(`${jsName} carries no hash of Trunk's (is filehash off?)`);
const hash = createHash('sha256').update(newWasm).update(newJs).digest('hex').slice(0, 16);
const newStem = `${stem.slice(0, -trunkHash[1].length)}${hash}`;
// Every integrity value in the page is that of a file of the site, in its own algorithm: the
// two rewritten files get new values; any other value must be that of a file left as it is.
const digest = (algo, buf) => `${algo}-${createHash(algo).update(buf).digest('base64')}`;
const kept = files.filter((f) => ![wasmName, jsName, 'index.html', 'sw.js'].includes(f))
  .map((f) => readFileSync(join(dir, f)));
let page = html.replace(/(integrity=["']?)(sha256|sha384|sha512)-([A-Za-z0-9+/=]+)/g, (whole, attr, algo, value) => {
  const old = `${algo}-${value}`;
  if (old === digest(algo, built)) return attr + digest(algo, newWasm);
  if (old === digest(algo, Buffer.from(js, 'utf8'))) return attr + digest(algo, newJs);
  if (kept.some((buf) => digest(algo, buf) === old)) return whole;
  fail(`index.html has an integrity value of no file here: ${old}`);
});
if (page.split(`${stem}.js`).length < 2 || page.split(`${stem}_bg.wasm`).length < 2) {
  fail(`index.html does not name ${stem}.js and ${stem}_bg.wasm`);
}
page = page.split(stem).join(newStem);
rmSync(wasmPath);
rmSync(jsPath);
writeFileSync(join(dir, `${newStem}_bg.wasm`), newWasm);
writeFileSync(join(dir, `${newStem}.js`), newJs);
writeFileSync(htmlPath, page);
if (sw) writeFileSync(swPath, sw);
console.log(`shrink-site: ${renames.size} imports and ${exportRenames.size} exports renamed; ${jsName} ${js.length} -> ${newJs.length} bytes, `
  + `${wasmName} ${built.length} -> ${newWasm.length} bytes${sw ? `, sw.js minified` : ''}; now ${newStem}.js and ${newStem}_bg.wasm`);
