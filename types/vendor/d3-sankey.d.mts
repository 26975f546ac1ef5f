// The vendored d3-sankey with the d3 modules it needs (scripts/build-site concatenates the npm
// packages' UMD builds of d3-array, d3-path, d3-shape and d3-sankey into the site's
// vendor/d3-sankey.mjs, whose default export is the d3 namespace they fill). Typed loosely.
declare const d3: any;
export default d3;
