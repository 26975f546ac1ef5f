// The vendored uPlot (scripts/build-site copies node_modules/uplot/dist/uPlot.esm.js to the
// site's vendor/). jsconfig.json's rootDirs make web/'s '../vendor/uPlot.esm.js' resolve here.
// Typed loosely: the views pass uPlot options its own declarations (node_modules/uplot) model
// more narrowly than uPlot reads them.
declare const uPlot: any;
export default uPlot;
