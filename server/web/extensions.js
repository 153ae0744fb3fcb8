// The Cytoscape.js extensions of the network view, vendored like Cytoscape
// itself (web/package.json): the fCoSE layout, which keeps compound nodes
// (units, accounts) together, with the two libraries it is built on; the
// SVG export; and collapsing groups to one node. They are UMD builds that
// register browser globals, loaded in order the first time a view needs
// them, so that the other pages do not pay for them.

const scripts = ["layout-base.js", "cose-base.js", "cytoscape-fcose.js", "cytoscape-svg.js", "cytoscape-expand-collapse.js"];

let loading = null;

/** Loads the extensions once and registers them with Cytoscape. */
export function loadExtensions() {
  if (!loading) {
    loading = (async () => {
      for (const name of scripts) await loadScript("/ui/vendor/" + name);
      // Some of them register themselves when they find Cytoscape.
      const cytoscape = window.cytoscape;
      if (!cytoscape("layout", "fcose")) cytoscape.use(window.cytoscapeFcose);
      if (!cytoscape("core", "svg")) cytoscape.use(window.cytoscapeSvg);
      if (!cytoscape("core", "expandCollapse")) cytoscape.use(window.cytoscapeExpandCollapse);
    })();
  }
  return loading;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = src;
    el.onload = resolve;
    el.onerror = () => reject(new Error("could not load " + src));
    document.head.append(el);
  });
}

/** Offers blob as a download named name. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
