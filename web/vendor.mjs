// Copies the browser builds of the dependencies into the folder the Go
// binary embeds (server/web/vendor by default, or the folder after --out).
// The copies are committed, so `go build` needs no Node; scripts/ui-check
// runs this after `npm ci` in a temporary folder and compares.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const at = process.argv.indexOf("--out");
const out = at > 0 ? resolve(process.argv[at + 1]) : join(here, "..", "server", "web", "vendor");

// Each vendored file: where it comes from under node_modules, and its name.
// The layout extension (fcose, with layout-base and cose-base under it),
// the SVG export and expand/collapse of groups are UMD builds that register
// browser globals; the network view loads them when it first draws.
const files = [
  ["cytoscape/dist/cytoscape.min.js", "cytoscape.min.js"],
  ["cytoscape/LICENSE", "cytoscape.LICENSE.txt"],
  ["layout-base/layout-base.js", "layout-base.js"],
  ["layout-base/LICENSE", "layout-base.LICENSE.txt"],
  ["cose-base/cose-base.js", "cose-base.js"],
  ["cose-base/LICENSE", "cose-base.LICENSE.txt"],
  ["cytoscape-fcose/cytoscape-fcose.js", "cytoscape-fcose.js"],
  ["cytoscape-fcose/LICENSE", "cytoscape-fcose.LICENSE.txt"],
  ["cytoscape-svg/cytoscape-svg.js", "cytoscape-svg.js"],
  ["cytoscape-svg/LICENSE", "cytoscape-svg.LICENSE.txt"],
  ["cytoscape-expand-collapse/cytoscape-expand-collapse.js", "cytoscape-expand-collapse.js"],
  ["cytoscape-expand-collapse/LICENSE.md", "cytoscape-expand-collapse.LICENSE.txt"],
];

// Start from an empty folder so that a dropped dependency leaves no file.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [from, to] of files) {
  copyFileSync(join(here, "node_modules", from), join(out, to));
}
console.log(`vendored ${readdirSync(out).sort().join(", ")} into ${out}`);
