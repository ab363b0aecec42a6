// The trace types Export Monitor draws (dashboard/figures, pages, meetings, handout):
// bar, scatter (always in plotly.js's core), waterfall, choropleth (geo subplots with
// GeoJSON regions and the local topojson base map). Keep in step with
// tests/test_first_visit.py (TRACES) and tools/plotly-bundle/README.md.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/waterfall'),
    require('plotly.js/lib/choropleth'),
]);

module.exports = Plotly;
