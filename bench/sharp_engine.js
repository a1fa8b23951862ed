// Times sharp on one task, alone in this Node process (bench/run.rb spawns it like
// bench/engine.rb, with UV_THREADPOOL_SIZE=1 and NODE_PATH at the cached install):
//
//   node bench/sharp_engine.js SRC OUT WIDTH HEIGHT FORMAT QUALITY RUNS
//
// Same task and JSON as bench/engine.rb: fit inside WIDTHxHEIGHT without enlarging, upright,
// metadata stripped (sharp's default), FORMAT at QUALITY; 2 untimed runs, then RUNS timed.
"use strict";
const fs = require("fs");
const sharp = require("sharp");

const WARMUP = 2;
const [src, out, width, height, format, quality, runs] = process.argv.slice(2);

sharp.concurrency(1); // one libvips worker thread, like VIPS_CONCURRENCY=1
sharp.cache(false); // every run decodes afresh

// PNG's quality only applies to palette output in sharp; the other engines ignore it too.
const SAVERS = {
  jpeg: (image) => image.jpeg({ quality: Number(quality) }),
  webp: (image) => image.webp({ quality: Number(quality) }),
  avif: (image) => image.avif({ quality: Number(quality) }),
  png: (image) => image.png(),
};

function render() {
  const save = SAVERS[format];
  if (!save) throw new Error(`unknown format ${format}`);
  const image = sharp(src)
    .autoOrient()
    .resize(Number(width), Number(height), { fit: "inside", withoutEnlargement: true });
  return save(image).toFile(out);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function peakRssMb() {
  const kb = fs.readFileSync("/proc/self/status", "utf8").match(/^VmHWM:\s+(\d+) kB/m)[1];
  return Number(kb) / 1024;
}

async function main() {
  for (let i = 0; i < WARMUP; i++) await render();
  const times = [];
  for (let i = 0; i < Number(runs); i++) {
    const start = process.hrtime.bigint();
    await render();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const rss = peakRssMb();
  const bytes = fs.statSync(out).size;
  process.stdout.write(JSON.stringify({ times_ms: times, median_ms: median(times), rss_mb: rss, child_rss_mb: null, bytes }) + "\n");
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
