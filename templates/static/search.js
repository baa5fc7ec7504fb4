// Search page: runs the form's query against the Pagefind index built with the site.
// The page works without this script (it then points to the browsable indexes).
(function () {
  "use strict";
  var FILTERS = ["speaker", "outlet", "topic", "year", "language", "type"];
  var PAGE_SIZE = 20;
  var form, status, list, engines, shown, results, words;

  function $(id) { return document.getElementById(id); }
  function nextTask() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }

  // The words this script shows come from the page, in the site's language (search.html
  // renders them through the message catalog); English if a theme's page has none.
  var ENGLISH = {
    lang: "en",
    prompt: "Type words or choose a filter.",
    searching: "Searching…",
    results: { one: "{num} result", other: "{num} results" },
    more: "Show more results",
    unavailable: "Search is unavailable here ({error}). It needs the site to be served over http(s)."
  };

  function readWords() {
    var holder = $("search-words");
    var found = {};
    try { found = holder ? JSON.parse(holder.textContent) : {}; } catch (error) { found = {}; }
    Object.keys(ENGLISH).forEach(function (key) {
      if (!(key in found)) { found[key] = ENGLISH[key]; }
    });
    return found;
  }

  // "{num} results" in the form the language's plural rules choose for n.
  function counted(n) {
    var forms = words.results, category = "other", number = String(n);
    try {
      category = new Intl.PluralRules(words.lang).select(n);
      number = new Intl.NumberFormat(words.lang).format(n);
    } catch (error) { category = n === 1 ? "one" : "other"; }
    var form = forms[category] || forms.other || forms[Object.keys(forms).pop()] || "{num}";
    return form.replace("{num}", number);
  }

  // Each page is indexed in its own language, and a large site's index comes in shards
  // (pagefind/s0/, s1/, ...): data-indexes="en:0,1 ru:1" lists the shards with an index in
  // each language. Pagefind stems a query by the rules of the index it searches, with the
  // language engine it loaded first, so each language gets an engine of its own (a module of
  // pagefind.js of its own), into which that language's other shards are merged.
  // The languages' engines are started one after another, each step in a task of its own
  // (making the module, then starting its engine and worker), so that the page stays
  // responsive while they load; their indexes then load side by side.
  async function loadEngines() {
    var at = function (n) { return new URL("pagefind/s" + n + "/", document.baseURI).href; };
    // Result URLs are site-root paths; the site may live under a subpath.
    var options = { baseUrl: new URL(".", document.baseURI).pathname };
    var html = document.documentElement;
    var indexes = (form.dataset.indexes || "").split(" ").filter(Boolean);
    var started = [];
    for (var k = 0; k < indexes.length; k++) {
      var language = indexes[k].split(":")[0];
      var shards = indexes[k].split(":")[1].split(",");
      var engine = await pagefindModule(at(shards[0]), language, indexes.length > 1);
      await nextTask();
      await engine.options(Object.assign({ basePath: at(shards[0]) }, options));
      // Pagefind searches the index in the language the page says it is in, read when the
      // engine starts: said for that moment (no await in between), then said back.
      var pageLanguage = html.lang;
      html.lang = language;
      try { engine.init(); } finally { html.lang = pageLanguage; }
      started.push(merged(engine, language, shards.slice(1).map(at), options));
      await nextTask();
    }
    return Promise.all(started);
  }

  async function merged(engine, language, folders, options) {
    for (var i = 0; i < folders.length; i++) {
      await engine.mergeIndex(folders[i], Object.assign({ language: language }, options));
    }
    return engine;
  }

  // A module of pagefind.js for one language. With several languages, every language's is
  // made from one download of it (the same file in every shard's folder), not one download
  // per language; where a module cannot be made from its text (a Content-Security-Policy
  // without blob:), each language imports the file at an address of its own.
  var pagefindSource;
  async function pagefindModule(folder, language, several) {
    if (!several) { return import(folder + "pagefind.js"); }
    try {
      if (!pagefindSource) {
        pagefindSource = fetch(folder + "pagefind.js").then(function (response) {
          if (!response.ok) { throw new Error(response.status + " " + response.url); }
          return response.text();
        });
      }
      var url = URL.createObjectURL(new Blob([await pagefindSource], { type: "text/javascript" }));
      try { return await import(url); } finally { URL.revokeObjectURL(url); }
    } catch (error) {
      return import(folder + "pagefind.js?language=" + encodeURIComponent(language));
    }
  }

  // Every language's results, best first. An index without the words answers with the
  // longest word it has that the query begins with ("a" for "ammunition"): matches far
  // weaker than the words themselves found in another language's index, so left out then.
  async function search(term, filters) {
    if (!engines) { engines = loadEngines(); }
    var found = await Promise.all((await engines).map(function (engine) {
      return engine.search(term, { filters: filters });
    }));
    var best = function (f) { return Math.max.apply(null, f.results.map(function (r) { return r.score; })); };
    var top = Math.max.apply(null, found.filter(function (f) { return f.results.length; }).map(best));
    return [].concat.apply([], found.filter(function (f) {
      return term === null || !f.results.length || best(f) >= top / 20;
    }).map(function (f) { return f.results; })).sort(function (a, b) { return b.score - a.score; });
  }

  function readForm() {
    var data = new FormData(form);
    var filters = {};
    FILTERS.forEach(function (name) {
      var value = data.get(name);
      if (value) { filters[name] = value; }
    });
    return { term: (data.get("q") || "").trim(), filters: filters };
  }

  function writeUrl(query) {
    var params = new URLSearchParams();
    if (query.term) { params.set("q", query.term); }
    Object.keys(query.filters).forEach(function (k) { params.set(k, query.filters[k]); });
    var text = params.toString() ? "?" + params.toString() : "";
    if (text !== location.search) { history.replaceState(null, "", text || location.pathname); }
  }

  function fillForm() {
    var params = new URLSearchParams(location.search);
    form.elements.q.value = params.get("q") || "";
    FILTERS.forEach(function (name) {
      var value = params.get(name);
      var select = form.elements[name];
      if (!select) { return; }  // a filter the site has no choice for (one language)
      // By name as the filter shows it, or by key as the site's own addresses have it
      // (search.html?speaker=jens-stoltenberg, the speaker page's own name).
      var option = Array.prototype.find.call(select.options, function (o) {
        return value && (o.value === value || o.dataset.key === value);
      });
      if (option) { select.value = option.value; }
      var box = document.getElementById("filter-box");  // folded on a phone: show what is set
      if (option && option.value && box) { box.open = true; }
    });
  }

  // Pagefind excerpts mark matches with <mark>; keep only text and those marks.
  function excerpt(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var out = document.createElement("p");
    out.className = "excerpt";
    holder.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "result";
    var kind = document.createElement("p");
    kind.className = "kicker";
    var meta = data.meta || {};
    kind.textContent = [meta.type, meta.speaker || meta.source, meta.date].filter(Boolean).join(" · ");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = meta.title || data.url;
    if (meta.lang && meta.lang !== document.documentElement.lang) { link.lang = meta.lang; }
    var heading = document.createElement("h2");
    heading.appendChild(link);
    li.appendChild(heading);
    li.appendChild(kind);
    var text = excerpt(data.excerpt || "");
    if (link.lang) { text.lang = link.lang; }
    li.appendChild(text);
    return li;
  }

  async function showMore() {
    var next = results.slice(shown, shown + PAGE_SIZE);
    var data = await Promise.all(next.map(function (r) { return r.data(); }));
    data.forEach(function (d) { list.appendChild(item(d)); });
    shown += next.length;
    var more = $("search-more");
    if (more) { more.remove(); }
    if (shown < results.length) {
      var button = document.createElement("button");
      button.id = "search-more";
      button.type = "button";
      button.textContent = words.more;
      button.addEventListener("click", showMore);
      list.after(button);
    }
  }

  async function run() {
    var query = readForm();
    writeUrl(query);
    list.replaceChildren();
    var more = $("search-more");
    if (more) { more.remove(); }
    if (!query.term && !Object.keys(query.filters).length) {
      status.textContent = words.prompt;
      return;
    }
    status.textContent = words.searching;
    results = await search(query.term || null, query.filters);
    shown = 0;
    await showMore();
    // Announced once the results are on the page: in a task of its own, after they are drawn
    // (the count's plural rules may load locale data), so the page never waits on both.
    await nextTask();
    status.textContent = counted(results.length);
  }

  // Resolves once the page has been drawn (its first contentful paint, where the browser
  // reports it; else the next frame) and the fonts it is drawn in have come. The address's
  // search starts then: its engine and index (hundreds of KB on a large site) started at
  // once share a slow connection with those fonts, and hold back the page drawn in them.
  function drawn() {
    var painted = new Promise(function (resolve) {
      var kinds = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
      if (kinds.indexOf("paint") < 0) {
        requestAnimationFrame(function () { setTimeout(resolve, 0); });
        return;
      }
      new PerformanceObserver(function (entries, observer) {
        if (entries.getEntriesByName("first-contentful-paint").length) {
          observer.disconnect();
          resolve();
        }
      }).observe({ type: "paint", buffered: true });
    });
    return painted.then(function () { return document.fonts && document.fonts.ready; });
  }

  function report(error) {
    status.textContent = words.unavailable.replace("{error}", error.message);
  }

  document.addEventListener("DOMContentLoaded", function () {
    words = readWords();
    form = $("search-form");
    status = $("search-status");
    list = $("search-results");
    if (!form) { return; }
    fillForm();
    form.addEventListener("submit", function (event) { event.preventDefault(); run().catch(report); });
    FILTERS.forEach(function (name) {
      var select = form.elements[name];
      if (select) { select.addEventListener("change", function () { run().catch(report); }); }
    });
    // The address's search, once the form is filled in and the page drawn.
    if (location.search) { drawn().then(run).catch(report); }
  });
})();
