// Builds assets/plotly-custom-<version>.min.js: plotly.js from the npm registry (pinned
// in package.json / package-lock.json, installed with `npm ci`) with only the trace types
// of entry.js, minified by esbuild (pinned). The build is deterministic: the same lockfile
// gives the same bytes, and the result is compared with SHA256SUMS (committed next to
// this script). `node build.mjs --accept` writes a new SHA256SUMS after an intended
// change (another plotly.js version or trace list). See README.md.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const assets = join(here, '..', '..', 'assets');
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const version = JSON.parse(
    readFileSync(join(here, 'node_modules', 'plotly.js', 'package.json'), 'utf8')).version;
if (version !== pkg.dependencies['plotly.js']) {
    console.error(`node_modules has plotly.js ${version}, package.json pins `
        + `${pkg.dependencies['plotly.js']}: run npm ci first`);
    process.exit(1);
}
const name = `plotly-custom-${version}.min.js`;
const out = join(assets, name);

const traces = [...readFileSync(join(here, 'entry.js'), 'utf8')
    .matchAll(/require\('plotly\.js\/lib\/(\w+)'\)/g)].map((m) => m[1]).filter((t) => t !== 'core');
const banner = `/**
* plotly.js v${version} (Export Monitor partial bundle: scatter, ${traces.join(', ')})
* Copyright 2012-2026, Plotly, Inc.
* All rights reserved.
* Licensed under the MIT license
* Built by tools/plotly-bundle/build.mjs with esbuild ${esbuild.version}
*/`;

const result = await esbuild.build({
    entryPoints: [join(here, 'entry.js')],
    absWorkingDir: here,
    bundle: true,
    format: 'iife',
    globalName: 'Plotly',
    minify: true,
    target: 'es2016',
    // as plotly.js's own esbuild-config.js
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    // src/registry.js requires maplibre-gl's CSS for `map` subplots, which this bundle
    // has none of (plotly.js's own build inlines it with esbuild-plugin-inline-css)
    loader: { '.css': 'empty' },
    legalComments: 'none',
    banner: { js: banner },
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
});
const code = result.outputFiles[0].contents;

// one bundle in assets/: an older one would be served too (Dash serves every .js there)
for (const f of readdirSync(assets)) {
    if (/^plotly-custom-.*\.js$/.test(f) && f !== name) unlinkSync(join(assets, f));
}
writeFileSync(out, code);
const sum = createHash('sha256').update(code).digest('hex');
const line = `${sum}  ${relative(join(here, '..', '..'), out)}\n`;
const sums = join(here, 'SHA256SUMS');
let committed = '';
try { committed = readFileSync(sums, 'utf8'); } catch { /* first build */ }
console.log(`${relative(process.cwd(), out)}: ${code.length} bytes, sha256 ${sum}`);
if (process.argv.includes('--accept') || !committed) {
    writeFileSync(sums, line);
    console.log('SHA256SUMS written');
} else if (committed !== line) {
    console.error(`the bundle differs from SHA256SUMS:\n  built     ${line}  committed ${committed}`
        + 'not reproducible, or an intended change: then run `node build.mjs --accept`');
    process.exit(1);
} else {
    console.log('identical to SHA256SUMS');
}
