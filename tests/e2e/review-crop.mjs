// usage: node review-crop.mjs in.png out.png x y w h [scale]
import { launch } from './harness.mjs';
import { readFileSync } from 'node:fs';
const [inp, out, x, y, w, h, s] = process.argv.slice(2);
const scale = Number(s ?? 1);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: Math.ceil(w*scale), height: Math.ceil(h*scale) } });
await page.setContent(`<body style="margin:0;overflow:hidden"><img src="data:image/png;base64,${readFileSync(inp).toString('base64')}" style="transform-origin:0 0;transform:scale(${scale}) translate(${-x}px,${-y}px);image-rendering:pixelated"></body>`);
await page.waitForTimeout(300);
await page.screenshot({ path: out });
await browser.close();
