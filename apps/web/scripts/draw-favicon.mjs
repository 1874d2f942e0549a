// Draws app/favicon.ico: the clock of app/icon.svg rasterised at 16 and 32
// pixels, as 32-bit BMP images in an ICO container. Run it again after
// changing the icon: node scripts/draw-favicon.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BLUE = [0x0b, 0x5c, 0xad];
const WHITE = [0xff, 0xff, 0xff];
/** Samples per pixel along each axis, for smooth edges. */
const SAMPLES = 4;

function insideRoundedSquare(x, y) {
  const [left, top, size, radius] = [1, 1, 30, 7];
  const dx = Math.max(left + radius - x, 0, x - (left + size - radius));
  const dy = Math.max(top + radius - y, 0, y - (top + size - radius));
  return dx * dx + dy * dy <= radius * radius;
}

function distanceToSegment(x, y, [ax, ay], [bx, by]) {
  const [vx, vy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - (ax + t * vx), y - (ay + t * vy));
}

/** Returns the colour at a point of the 32-unit drawing, or undefined outside it. */
function colourAt(x, y) {
  if (!insideRoundedSquare(x, y)) return undefined;
  const ring = Math.abs(Math.hypot(x - 16, y - 16) - 10.25) <= 1.25;
  const hands = distanceToSegment(x, y, [16, 16], [16, 9]) <= 1.25 || distanceToSegment(x, y, [16, 16], [21, 16]) <= 1.25;
  return ring || hands ? WHITE : BLUE;
}

/** Returns the BMP image data of an ICO entry: header, bottom-up BGRA rows, and an empty AND mask. */
function drawBitmap(size) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // ICO bitmaps count the AND mask in the height.
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  const scale = 32 / size;
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; column += 1) {
      let [red, green, blue, covered] = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const colour = colourAt((column + (sx + 0.5) / SAMPLES) * scale, (row + (sy + 0.5) / SAMPLES) * scale);
          if (colour === undefined) continue;
          red += colour[0];
          green += colour[1];
          blue += colour[2];
          covered += 1;
        }
      }
      const offset = ((size - 1 - row) * size + column) * 4;
      if (covered > 0) {
        pixels[offset] = Math.round(blue / covered);
        pixels[offset + 1] = Math.round(green / covered);
        pixels[offset + 2] = Math.round(red / covered);
      }
      pixels[offset + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255);
    }
  }
  const maskRowBytes = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, pixels, Buffer.alloc(maskRowBytes * size)]);
}

const sizes = [16, 32];
const images = sizes.map(drawBitmap);
const directory = Buffer.alloc(6 + 16 * sizes.length);
directory.writeUInt16LE(0, 0);
directory.writeUInt16LE(1, 2); // 1 = icon
directory.writeUInt16LE(sizes.length, 4);
let offset = directory.length;
sizes.forEach((size, index) => {
  const entry = 6 + 16 * index;
  directory.writeUInt8(size, entry);
  directory.writeUInt8(size, entry + 1);
  directory.writeUInt16LE(1, entry + 4);
  directory.writeUInt16LE(32, entry + 6);
  directory.writeUInt32LE(images[index].length, entry + 8);
  directory.writeUInt32LE(offset, entry + 12);
  offset += images[index].length;
});

writeFileSync(fileURLToPath(new URL('../app/favicon.ico', import.meta.url)), Buffer.concat([directory, ...images]));
