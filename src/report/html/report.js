// wirediff HTML report: draws the page from the JSON embedded in #wirediff-data.
//
// Safety rule: article text only ever reaches the page through textContent (see el()); this
// script never assigns innerHTML or outerHTML and never builds markup from strings. Class names
// come from fixed lists, and an href is set only for http(s) URLs.
//
// Size rule: only a page of cluster headers is in the DOM; a cluster's body is drawn the first
// time it is opened, and long lists inside it grow on request ("show more").
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('wirediff-data').textContent);
  var KINDS = DATA.kinds.filter(function (k) { return /^[a-z]+$/.test(k); });
  var SEVERITY = ['none', 'low', 'medium', 'high'];
  var STATUS = { verbatim: 1, variant: 1, reworded: 1, contradicting: 1 };
  var CLUSTER_KINDS = { story: 1, 'near-duplicate': 1, exact: 1 };
  var PAGE = 20, PAIRS = 40, ROWS = 60, LIST = 50;

  var articles = new Map();
  DATA.articles.forEach(function (a) { articles.set(a.id, a); });
  function outlet(id) { var a = articles.get(id); return a ? a.outlet : id; }
  function kindName(i) { return KINDS[i] || 'other'; }
  function kindClass(i) { return 'k-' + kindName(i); }

  // The one way elements are made: text goes in as text.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return parent;
  }
  // Appends `child` to `parent` and returns the child.
  function put(parent, child) { parent.appendChild(child); return child; }
  function link(text, url) {
    if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
      var a = el('a', null, text);
      a.href = url;
      a.rel = 'noopener noreferrer nofollow';
      return a;
    }
    return el('span', null, text);
  }
  function button(text, onclick, cls) {
    var b = el('button', cls || null, text);
    b.type = 'button';
    b.addEventListener('click', onclick);
    return b;
  }
  function fmt(x) { return typeof x === 'number' ? x.toFixed(2) : ''; }
  function pct(x) { return typeof x === 'number' ? Math.round(x * 100) + '%' : ''; }
  // 0-based, as the report and `wirediff sentences` number them.
  function sentences(v) { return 's' + (v || []).join('+'); }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  // ---- state and filters -------------------------------------------------------------------
  var state = { q: '', kinds: new Set(KINDS.map(function (_, i) { return i; })), minSev: 0,
                outlet: '', page: 0, opened: new Set() };
  function kindFilterOn() { return state.kinds.size < KINDS.length || state.minSev > 1; }
  function pairMatches(p) {
    if (!kindFilterOn()) return true;
    return p.runs.some(function (r) {
      return r.length === 4 && r[3] >= state.minSev &&
        r[2].some(function (k) { return state.kinds.has(k); });
    });
  }
  function blob(c) {
    if (c._blob === undefined) {
      var parts = [c.id];
      c.articles.forEach(function (id) {
        var a = articles.get(id);
        parts.push(id, a ? a.outlet : '', a && a.title ? a.title : '');
      });
      c.names.forEach(function (n) { n.spellings.forEach(function (s) { parts.push(s.text); }); });
      c.quotes.forEach(function (q) { q.versions.forEach(function (v) { parts.push(v[1]); }); });
      c.alignments.forEach(function (al) {
        al.pairs.forEach(function (p) { p.runs.forEach(function (r) { parts.push(r[0], r[1] || ''); }); });
      });
      c._blob = parts.join('\n').toLowerCase();
    }
    return c._blob;
  }
  function clusterMatches(c) {
    if (state.outlet && !c.articles.some(function (id) { return outlet(id) === state.outlet; })) return false;
    if (kindFilterOn() && !c.groups.some(pairMatches)) return false;
    if (state.q && blob(c).indexOf(state.q) < 0) return false;
    return true;
  }

  // ---- page skeleton -----------------------------------------------------------------------
  var app = document.getElementById('app');
  var main = put(app, el('main'));
  var s = DATA.summary;
  add(main, el('h1', null, 'wirediff report'));
  add(main, el('p', 'sub', plural(s.articles, 'article', 'articles') + ' from ' +
    plural(s.outlets, 'outlet', 'outlets') + ' · ' + plural(s.story_clusters, 'story', 'stories') +
    ' · ' + plural(s.aligned_pairs, 'aligned article pair', 'aligned article pairs')));

  var stats = put(main, el('div', 'stats'));
  [[s.articles, 'articles'], [s.outlets, 'outlets'], [s.story_clusters, 'story clusters'],
   [s.near_duplicate_clusters, 'near-duplicate clusters'], [s.exact_clusters, 'exact clusters'],
   [s.name_variants, 'names with variants'], [s.quotes, 'quotes'],
   [s.contradicting_quotes, 'contradicting quotes'], [s.errors, 'input errors']
  ].forEach(function (x) { add(stats, add(el('div', 'stat'), el('b', null, x[0]), el('span', null, x[1]))); });

  // Legend: one chip per change kind, with its count; the chips are the kind filter.
  add(main, el('h3', null, 'Differences by kind (click to filter)'));
  var legend = put(main, el('div', 'legend'));
  legend.setAttribute('role', 'group');
  legend.setAttribute('aria-label', 'Change kinds');
  var counts = {};
  (s.changes || []).forEach(function (kc) { counts[kc.kind] = kc.count; });
  KINDS.forEach(function (k, i) {
    var chip = button(k + ' ' + (counts[k] || 0), function () {
      if (state.kinds.has(i)) state.kinds.delete(i); else state.kinds.add(i);
      chip.setAttribute('aria-pressed', String(state.kinds.has(i)));
      state.page = 0; draw();
    }, 'chip ' + kindClass(i));
    chip.setAttribute('aria-pressed', 'true');
    add(legend, chip);
  });

  // Controls: search, severity, outlet.
  var controls = put(main, el('div', 'controls'));
  var search = el('input');
  search.type = 'search';
  search.id = 'search';
  search.placeholder = 'Search text, names, outlets (press / to focus)';
  search.setAttribute('aria-label', 'Search');
  var sev = el('select');
  sev.setAttribute('aria-label', 'Minimum severity');
  [['0', 'any severity'], ['2', 'medium and high'], ['3', 'high only']].forEach(function (o) {
    var opt = el('option', null, o[1]); opt.value = o[0]; add(sev, opt);
  });
  var outletSel = el('select');
  outletSel.setAttribute('aria-label', 'Outlet');
  add(outletSel, (function () { var o = el('option', null, 'all outlets'); o.value = ''; return o; })());
  Array.from(new Set(DATA.articles.map(function (a) { return a.outlet; }))).sort().forEach(function (name) {
    var o = el('option', null, name); o.value = name; add(outletSel, o);
  });
  var shown = el('span', 'count');
  add(controls, search, sev, outletSel,
    button('Open all on page', function () { openAll(); }),
    button('Reset', function () {
      search.value = ''; sev.value = '0'; outletSel.value = '';
      state.q = ''; state.minSev = 0; state.outlet = ''; state.page = 0;
      KINDS.forEach(function (_, i) { state.kinds.add(i); });
      Array.prototype.forEach.call(legend.children, function (c) { c.setAttribute('aria-pressed', 'true'); });
      draw();
    }), shown);
  var timer = null;
  search.addEventListener('input', function () {
    clearTimeout(timer);
    // Debounced: on a 10,000-article report each keystroke would otherwise rescan everything.
    timer = setTimeout(function () { state.q = search.value.trim().toLowerCase(); state.page = 0; draw(); }, 150);
  });
  sev.addEventListener('change', function () { state.minSev = Number(sev.value) || 0; state.page = 0; draw(); });
  outletSel.addEventListener('change', function () { state.outlet = outletSel.value; state.page = 0; draw(); });
  document.addEventListener('keydown', function (e) {
    var t = e.target && e.target.tagName;
    if (e.key === '/' && t !== 'INPUT' && t !== 'SELECT' && t !== 'TEXTAREA') {
      e.preventDefault(); search.focus();
    } else if (e.key === 'Escape' && document.activeElement === search) {
      search.blur();
    }
  });

  // Most serious differences.
  if (DATA.serious.length) {
    add(main, el('h2', null, 'Most serious differences'));
    var grid = put(main, el('div', 'serious'));
    DATA.serious.forEach(function (x) {
      var ki = KINDS.indexOf(x.kind);
      var kc = ki >= 0 ? kindClass(ki) : 'k-negation';
      var card = put(grid, el('div', 'card ' + kc));
      add(card, el('span', 'badge ' + kc, x.kind));
      if (x.what) add(card, ' ', el('b', 'what', x.what));
      if (x.who) add(card, ' ', el('span', 'meta', x.who));
      if (x.cluster) add(card, ' ', el('span', 'meta', '· ' + x.cluster));
      x.rows.forEach(function (r) {
        var p = el('p', r.side === 0 ? 'side-a' : 'side-b');
        if (r.runs) {
          var scratch = el('p');
          if (r.side === 0) drawRuns(r.runs, p, scratch); else drawRuns(r.runs, scratch, p);
        } else {
          add(p, '“' + r.text + '”');
        }
        add(card, el('div', 'who', (r.side === 0 ? '− ' : '+ ') + r.outlets), p);
      });
    });
  }
  if (DATA.loose.names.length) {
    add(main, el('h2', null, 'Name variants across the corpus'));
    add(main, nameTable(DATA.loose.names));
  }

  add(main, el('h2', null, 'Stories'));
  var pagerTop = put(main, el('div', 'pager'));
  var list = put(main, el('div', 'clusters'));
  list.id = 'clusters';
  var pagerBottom = put(main, el('div', 'pager'));

  var tail = put(main, el('div'));
  if (DATA.loose.alignments.length || DATA.loose.quotes.length) {
    add(tail, el('h2', null, 'Other aligned articles'));
    if (DATA.loose.groups.length) add(tail, groupList(DATA.loose.groups));
    DATA.loose.alignments.forEach(function (al) { add(tail, alignmentBlock(al)); });
    if (DATA.loose.quotes.length) add(tail, quoteTable(DATA.loose.quotes));
  }
  if (DATA.unclustered.length) {
    add(tail, el('h2', null, plural(DATA.unclustered.length, 'article', 'articles') + ' in no cluster'));
    var uw = put(tail, el('div', 'scroll'));
    var ut = put(uw, el('table'));
    add(ut, add(el('tr'), el('th', null, 'Id'), el('th', null, 'Outlet'), el('th', null, 'Date'), el('th', null, 'Title')));
    growing(DATA.unclustered.length, LIST, function (from, to) {
      DATA.unclustered.slice(from, to).forEach(function (id) { add(ut, articleRow(id)); });
    }, uw);
  }
  if (DATA.shared.length) {
    add(tail, el('h2', null, 'Passages shared outside any story'));
    var st = put(tail, el('table'));
    add(st, add(el('tr'), el('th', null, 'Article'), el('th', null, 'Text'), el('th', null, 'Article'),
      el('th', null, 'Text'), el('th', null, 'Similarity')));
    DATA.shared.slice(0, 500).forEach(function (p) {
      add(st, add(el('tr'), el('td', null, outlet(p.a) + ' ' + sentences(p.a_sentences)), el('td', null, p.a_text),
        el('td', null, outlet(p.b) + ' ' + sentences(p.b_sentences)), el('td', null, p.b_text), el('td', null, fmt(p.score))));
    });
  }
  if (DATA.errors.length) {
    add(tail, el('h2', null, 'Errors'));
    var et = put(tail, el('table'));
    add(et, add(el('tr'), el('th', null, 'Source'), el('th', null, 'Line'), el('th', null, 'Message')));
    DATA.errors.forEach(function (e) {
      add(et, add(el('tr'), el('td', null, e.source), el('td', null, e.line === null ? '' : e.line), el('td', null, e.message)));
    });
  }

  // ---- clusters ----------------------------------------------------------------------------
  function draw() {
    var matching = DATA.clusters.filter(clusterMatches);
    var pages = Math.max(1, Math.ceil(matching.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var from = state.page * PAGE;
    var page = matching.slice(from, from + PAGE);
    list.textContent = '';
    page.forEach(function (c, i) {
      var first = DATA.clusters.indexOf(c) === 0 && c.articles.length <= 200 && state.opened.size === 0;
      add(list, clusterCard(c, first && i === 0));
    });
    if (!page.length) add(list, el('p', 'empty', 'No cluster matches the filters.'));
    shown.textContent = matching.length
      ? 'Showing ' + (from + 1) + '–' + (from + page.length) + ' of ' + plural(matching.length, 'cluster', 'clusters')
      : '0 clusters';
    [pagerTop, pagerBottom].forEach(function (p) {
      p.textContent = '';
      if (pages < 2) return;
      var prev = button('← Previous', function () { state.page--; draw(); list.scrollIntoView(); });
      var next = button('Next →', function () { state.page++; draw(); list.scrollIntoView(); });
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
      add(p, prev, el('span', 'count', 'page ' + (state.page + 1) + ' of ' + pages), next);
    });
    writeHash();
  }

  function clusterCard(c, openNow) {
    var d = el('details', 'cluster');
    var sum = put(d, el('summary'));
    add(sum, el('span', 'sev sev-' + (c.sev | 0)));
    add(sum, el('span', 'badge kind-' + (CLUSTER_KINDS[c.kind] ? c.kind : 'story'), c.kind));
    add(sum, el('span', 'cid', c.id));
    var firstArticle = articles.get(c.articles[0]);
    add(sum, el('span', 'ctitle', firstArticle && firstArticle.title ? firstArticle.title : ''));
    var outs = Array.from(new Set(c.articles.map(outlet)));
    var dates = c.articles.map(function (id) { var a = articles.get(id); return a && a.date; })
      .filter(Boolean).sort();
    add(sum, el('span', 'meta', plural(c.articles.length, 'article', 'articles') + ' · ' +
      outs.slice(0, 5).join(', ') + (outs.length > 5 ? ' +' + (outs.length - 5) : '') +
      (dates.length ? ' · ' + dates[0] + (dates[dates.length - 1] !== dates[0] ? ' – ' + dates[dates.length - 1] : '') : '')));
    c.counts.forEach(function (n, i) { if (n) add(sum, el('span', 'badge ' + kindClass(i), kindName(i) + ' ' + n)); });
    var drawn = false;
    function ensure() {
      if (drawn) return;
      drawn = true;
      add(d, clusterBody(c));
    }
    d.addEventListener('toggle', function () {
      if (d.open) { state.opened.add(c.id); ensure(); } else { state.opened.delete(c.id); }
    });
    d._ensure = ensure;
    if (openNow || state.opened.has(c.id)) { d.open = true; ensure(); }
    return d;
  }

  function openAll() {
    Array.prototype.forEach.call(list.querySelectorAll('details.cluster'), function (d) {
      if (d._ensure) d._ensure();
      d.open = true;
    });
  }
  // Printing shows the current page's clusters in full.
  window.addEventListener('beforeprint', openAll);

  function growing(total, step, drawRange, container) {
    // Draws the first `step` items, then a button that draws the next `step`.
    var done = 0;
    function more() {
      var until = Math.min(total, done + step);
      drawRange(done, until);
      done = until;
      if (btn.parentNode) btn.parentNode.removeChild(btn);
      if (done < total) { btn.textContent = 'Show ' + Math.min(step, total - done) + ' more of ' + (total - done); add(container, btn); }
    }
    var btn = button('', more, 'more');
    more();
  }

  function clusterBody(c) {
    var body = el('div', 'body');
    add(body, el('h3', null, 'Articles'));
    var wrap = put(body, el('div', 'scroll'));
    var t = put(wrap, el('table'));
    add(t, add(el('tr'), el('th', null, 'Id'), el('th', null, 'Outlet'), el('th', null, 'Date'), el('th', null, 'Title')));
    growing(c.articles.length, LIST, function (from, to) {
      c.articles.slice(from, to).forEach(function (id) { add(t, articleRow(id)); });
    }, wrap);
    c.children.forEach(function (k) {
      add(body, el('p', 'meta', k.id + ' (' + k.kind + ', ' + fmt(k.score) + '): ' + k.articles.map(outlet).join(', ')));
    });
    if (c.names.length) { add(body, el('h3', null, 'Name variants')); add(body, nameTable(c.names)); }
    if (c.quotes.length) { add(body, el('h3', null, 'Quotes')); add(body, quoteTable(c.quotes)); }
    c.collations.forEach(function (col) {
      add(body, el('h3', null, 'Collation (one row per passage, one column per outlet)'));
      var w = put(body, el('div', 'scroll'));
      var ct = put(w, el('table', 'collation'));
      add(ct, add.apply(null, [el('tr')].concat(col.articles.map(function (id) { return el('th', null, outlet(id)); }))));
      growing(col.rows.length, ROWS, function (from, to) {
        col.rows.slice(from, to).forEach(function (row) {
          add(ct, add.apply(null, [el('tr')].concat(row.map(function (cell) {
            return cell === null ? el('td', 'missing', '') : el('td', null, cell);
          }))));
        });
      }, w);
    });
    if (c.groups.length) {
      add(body, el('h3', null, 'Sentence differences, most serious first'));
      add(body, el('p', 'meta', 'Each sentence pair once, with every outlet that has it; a pair whose ' +
        'changes were all shown above is named under the first one that showed them.'));
      add(body, groupList(c.groups));
    }
    if (c.alignments.length) {
      var byPair = put(body, el('details', 'by-pair'));
      add(byPair, el('summary', null, 'Pair by pair (' + plural(c.alignments.length, 'article pair', 'article pairs') + ')'));
      var drawnPairs = false;
      byPair.addEventListener('toggle', function () {
        if (!byPair.open || drawnPairs) return;
        drawnPairs = true;
        var alBox = put(byPair, el('div'));
        growing(c.alignments.length, 20, function (from, to) {
          c.alignments.slice(from, to).forEach(function (al) { add(alBox, alignmentBlock(al)); });
        }, byPair);
      });
    }
    return body;
  }

  function articleRow(id) {
    var a = articles.get(id);
    return add(el('tr'), el('td', null, id), el('td', null, a ? a.outlet : '(not listed)'),
      el('td', null, a && a.date ? a.date : ''),
      add(el('td'), a && a.title ? link(a.title, a.url) : (a && a.url ? link(a.url, a.url) : null)));
  }

  function nameTable(names) {
    var t = el('table');
    add(t, add(el('tr'), el('th', null, 'Suggested'), el('th', null, 'Spelling'), el('th', null, 'Count'), el('th', null, 'Outlets')));
    names.forEach(function (n) {
      n.spellings.forEach(function (sp, i) {
        var outs = Array.from(new Set(sp.articles.map(outlet))).sort();
        add(t, add(el('tr'), el('td', null, i === 0 ? n.suggested : ''),
          el('td', sp.text === n.suggested ? 'spell-ok' : 'spell-bad', sp.text),
          el('td', null, sp.count), el('td', null, outs.join(', '))));
      });
    });
    t.className = 'names';
    return t;
  }

  function quoteTable(quotes) {
    var t = el('table', 'quotes');
    add(t, add(el('tr'), el('th', null, 'Status'), el('th', null, 'Speaker'), el('th', null, 'Quote'), el('th', null, 'Outlets')));
    quotes.forEach(function (q) {
      var groups = [];
      q.versions.forEach(function (v) {
        var g = groups.find(function (g) { return g.text === v[1]; });
        if (g) g.outlets.push(outlet(v[0])); else groups.push({ text: v[1], outlets: [outlet(v[0])] });
      });
      groups.forEach(function (g, i) {
        add(t, add(el('tr'),
          add(el('td'), i === 0 ? el('span', 'badge st-' + (STATUS[q.status] ? q.status : 'variant'), q.status) : null),
          el('td', null, i === 0 ? (q.speaker || 'unattributed') : ''),
          el('td', null, '“' + g.text + '”'), el('td', null, g.outlets.join(', '))));
      });
    });
    return t;
  }

  // Side a gets the shared text and the deleted words, side b the shared text and the inserted
  // ones; each changed run is marked with the class of its most serious kind and a small label.
  function drawRuns(runs, a, b) {
    runs.forEach(function (r) {
      if (r.length === 1) { add(a, r[0]); add(b, r[0]); return; }
      var k = r[2].length ? r[2][0] : -1;
      var cls = 'chg ' + (k >= 0 ? kindClass(k) : 'k-other') + ' sev-' + (r[3] | 0);
      var label = r[2].map(kindName).join(', ');
      [[a, r[0]], [b, r[1]]].forEach(function (side) {
        var raw = side[1];
        var text = raw.trim();
        if (/^\s/.test(raw)) add(side[0], ' ');
        var span = el('span', text ? cls : cls + ' gap', text);
        if (label) span.title = label;
        add(side[0], span);
        if (label && text) add(side[0], el('span', 'tag ' + (k >= 0 ? kindClass(k) : 'k-other'), label));
        if (text && /\s$/.test(raw)) add(side[0], ' ');
      });
    });
  }

  function groupList(groups) {
    var box = el('div', 'groups');
    var gs = groups.filter(pairMatches);
    if (!gs.length) { add(box, el('p', 'empty', 'No sentence difference matches the filters.')); return box; }
    growing(gs.length, PAIRS, function (from, to) {
      gs.slice(from, to).forEach(function (g) {
        var grid = put(box, el('div', 'pairs group'));
        add(grid, el('div', 'ph side-a', g.left), el('div', 'ph', g.right));
        var a = el('div', 'side-a'), b = el('div', 'side-b');
        drawRuns(g.runs, a, b);
        add(grid, a, b);
        if (g.also.length) {
          add(grid, el('div', 'also', '↳ ' + plural(g.also_pairs, 'more pair', 'more pairs') +
            (g.also_pairs === 1 ? ' only repeats' : ' only repeat') + ' changes shown above: ' + g.also.join('; ')));
        }
      });
    }, box);
    return box;
  }

  function alignmentBlock(al) {
    var box = el('div', 'alignment');
    add(box, el('div', 'head', outlet(al.a) + ' ↔ ' + outlet(al.b)));
    add(box, el('div', 'meta', 'similarity ' + fmt(al.score) + ' · coverage ' + pct(al.a_coverage) + ' / ' +
      pct(al.b_coverage) + (al.likely_source ? ' · likely source ' + outlet(al.likely_source) : '') +
      ' · ' + plural(al.pairs.length, 'pair differs', 'pairs differ') + ', ' + al.same + ' identical'));
    var pairs = al.pairs.filter(pairMatches);
    if (!pairs.length) { add(box, el('p', 'empty', 'No differing pair matches the filters.')); return box; }
    var grid = put(box, el('div', 'pairs'));
    add(grid, el('div', 'ph side-a', outlet(al.a)), el('div', 'ph', outlet(al.b)));
    growing(pairs.length, PAIRS, function (from, to) {
      pairs.slice(from, to).forEach(function (p) {
        var a = add(el('div', 'side-a'), el('span', 'sn', sentences(p.a)));
        var b = add(el('div', 'side-b'), el('span', 'sn', sentences(p.b)));
        drawRuns(p.runs, a, b);
        add(grid, a, b);
      });
    }, box);
    return box;
  }

  // Filters live in the URL fragment (#q=...&kinds=number,negation&sev=3&outlet=...&page=2),
  // so a filtered view can be bookmarked or sent, and tested headless; #open=all opens every
  // cluster of the page (for a full screenshot or PDF).
  function readHash() {
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i < 0) return;
      var key = kv.slice(0, i), v;
      try { v = decodeURIComponent(kv.slice(i + 1)); } catch (e) { return; }
      if (key === 'q') { search.value = v; state.q = v.trim().toLowerCase(); }
      else if (key === 'sev') { state.minSev = ['2', '3'].indexOf(v) >= 0 ? Number(v) : 0; sev.value = String(state.minSev); }
      else if (key === 'outlet') { state.outlet = v; outletSel.value = v; }
      else if (key === 'page') { state.page = Math.max(0, (Number(v) | 0) - 1); }
      else if (key === 'open' && v === 'all') { openAfterDraw = true; }
      else if (key === 'kinds') {
        state.kinds = new Set(v.split(',').map(function (n) { return KINDS.indexOf(n); })
          .filter(function (k) { return k >= 0; }));
        Array.prototype.forEach.call(legend.children, function (c, k) {
          c.setAttribute('aria-pressed', String(state.kinds.has(k)));
        });
      }
    });
  }
  function writeHash() {
    var parts = [];
    if (state.q) parts.push('q=' + encodeURIComponent(state.q));
    if (state.kinds.size < KINDS.length) {
      parts.push('kinds=' + KINDS.filter(function (_, k) { return state.kinds.has(k); }).join(','));
    }
    if (state.minSev > 1) parts.push('sev=' + state.minSev);
    if (state.outlet) parts.push('outlet=' + encodeURIComponent(state.outlet));
    if (state.page > 0) parts.push('page=' + (state.page + 1));
    var h = parts.length ? '#' + parts.join('&') : location.pathname + location.search;
    try { history.replaceState(null, '', h); } catch (e) { /* some file:// setups refuse; filters still work */ }
  }

  var openAfterDraw = false;
  readHash();
  draw();
  if (openAfterDraw) openAll();
  // How long parsing and drawing took, for the browser test's large-report check.
  app.setAttribute('data-ready-ms', String(Math.round(performance.now())));
})();
