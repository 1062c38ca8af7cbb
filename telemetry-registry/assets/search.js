// Search and filters over the probe index (search-index.js). No network, no eval, no
// innerHTML: every text from the definitions is set with textContent.
(function () {
  "use strict";

  var data = window.TELEMETRY_DOCS;
  var form = document.getElementById("search");
  var body = document.getElementById("results-body");
  if (!data || !form || !body) {
    return;
  }

  var PAGE = /^(histograms|scalars|events)\/[A-Za-z0-9._-]+\.html$/;
  var LIMIT_STEP = 50;
  var field = {};
  data.fields.forEach(function (name, i) {
    field[name] = i;
  });

  var probes = data.probes.map(function (row) {
    var probe = {
      page: row[field.page],
      id: row[field.id],
      family: row[field.family],
      kind: row[field.kind],
      keyed: row[field.keyed] === 1,
      description: row[field.description],
      owners: row[field.owners],
      bugs: row[field.bugs],
      processes: row[field.processes],
      products: row[field.products],
      collection: row[field.collection],
      expiry: row[field.expiry],
      expires: row[field.expires]
    };
    probe.idLower = probe.id.toLowerCase();
    probe.text = [
      probe.id,
      probe.description,
      probe.owners.join(" "),
      probe.bugs.join(" ")
    ].join("\n").toLowerCase();
    probe.ownersLower = probe.owners.join("\n").toLowerCase();
    return probe;
  });

  var controls = {
    q: document.getElementById("q"),
    kind: document.getElementById("f-kind"),
    keyed: document.getElementById("f-keyed"),
    process: document.getElementById("f-process"),
    product: document.getElementById("f-product"),
    collection: document.getElementById("f-collection"),
    expiry: document.getElementById("f-expiry"),
    owner: document.getElementById("f-owner")
  };
  var names = Object.keys(controls);
  var count = document.getElementById("count");
  var moreWrap = document.getElementById("more-wrap");
  var more = document.getElementById("more");
  var limit = LIMIT_STEP;

  function readState() {
    var state = {};
    names.forEach(function (name) {
      var control = controls[name];
      state[name] = control ? control.value.trim() : "";
    });
    return state;
  }

  function writeState(state) {
    names.forEach(function (name) {
      var control = controls[name];
      if (!control) {
        return;
      }
      var value = state[name] || "";
      if (control.tagName === "SELECT") {
        var known = Array.prototype.some.call(control.options, function (option) {
          return option.value === value;
        });
        control.value = known ? value : "";
      } else {
        control.value = value;
      }
    });
  }

  function encodeState(state) {
    var parts = [];
    names.forEach(function (name) {
      if (state[name]) {
        parts.push(name + "=" + encodeURIComponent(state[name]));
      }
    });
    return parts.join("&");
  }

  function decodeState(hash) {
    var state = {};
    hash.replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq <= 0) {
        return;
      }
      var name = part.slice(0, eq);
      if (names.indexOf(name) < 0) {
        return;
      }
      try {
        state[name] = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "));
      } catch (e) {
        state[name] = "";
      }
    });
    return state;
  }

  // `all` records in every process, `all_children` (`all_childs`) in every one but main.
  function inProcess(list, wanted) {
    if (list.indexOf(wanted) >= 0) {
      return true;
    }
    if (wanted === "all" || wanted === "all_children" || wanted === "all_childs") {
      return false;
    }
    if (list.indexOf("all") >= 0) {
      return true;
    }
    return wanted !== "main" &&
      (list.indexOf("all_children") >= 0 || list.indexOf("all_childs") >= 0);
  }

  function matches(probe, state, tokens) {
    if (state.kind) {
      var colon = state.kind.indexOf(":");
      var family = colon < 0 ? state.kind : state.kind.slice(0, colon);
      if (probe.family !== family) {
        return false;
      }
      if (colon >= 0 && probe.kind !== state.kind.slice(colon + 1)) {
        return false;
      }
    }
    if (state.keyed === "yes" && !probe.keyed) {
      return false;
    }
    if (state.keyed === "no" && probe.keyed) {
      return false;
    }
    if (state.process && !inProcess(probe.processes, state.process)) {
      return false;
    }
    if (state.product && probe.products.indexOf(state.product) < 0) {
      return false;
    }
    if (state.collection && probe.collection !== state.collection) {
      return false;
    }
    if (state.expiry && probe.expiry !== state.expiry) {
      return false;
    }
    if (state.owner && probe.ownersLower.indexOf(state.owner.toLowerCase()) < 0) {
      return false;
    }
    for (var i = 0; i < tokens.length; i++) {
      if (probe.text.indexOf(tokens[i]) < 0) {
        return false;
      }
    }
    return true;
  }

  // Lower is better: the name itself, then a name starting with the query, then every
  // word in the name, then anything else.
  function rank(probe, query, tokens) {
    if (!query) {
      return 0;
    }
    if (probe.idLower === query) {
      return 0;
    }
    if (probe.idLower.indexOf(query) === 0) {
      return 1;
    }
    for (var i = 0; i < tokens.length; i++) {
      if (probe.idLower.indexOf(tokens[i]) < 0) {
        return 3;
      }
    }
    return 2;
  }

  function search(state) {
    var query = state.q.toLowerCase();
    var tokens = query.split(/\s+/).filter(Boolean);
    var found = [];
    for (var i = 0; i < probes.length; i++) {
      if (matches(probes[i], state, tokens)) {
        found.push({ probe: probes[i], rank: rank(probes[i], query, tokens), order: i });
      }
    }
    if (query) {
      found.sort(function (a, b) {
        return a.rank - b.rank || a.order - b.order;
      });
    }
    return found.map(function (entry) {
      return entry.probe;
    });
  }

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) {
      td.className = className;
    }
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function shorten(text, max) {
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  function render(results) {
    var fragment = document.createDocumentFragment();
    var shown = Math.min(results.length, limit);
    for (var i = 0; i < shown; i++) {
      var probe = results[i];
      var row = document.createElement("tr");
      var name = document.createElement("td");
      if (PAGE.test(probe.page)) {
        var link = document.createElement("a");
        link.setAttribute("href", probe.page);
        link.textContent = probe.id;
        name.appendChild(link);
      } else {
        name.textContent = probe.id;
      }
      row.appendChild(name);
      var type = probe.family === "event" ? "event" : probe.family + " · " + probe.kind;
      cell(row, probe.keyed ? type + " · keyed" : type);
      cell(row, shorten(probe.description, 180), "description");
      cell(row, probe.owners.join(", "), "owners");
      cell(row, probe.expires, "expiry-" + probe.expiry);
      fragment.appendChild(row);
    }
    body.textContent = "";
    body.appendChild(fragment);
    var total = probes.length;
    count.textContent =
      results.length === total
        ? total + " probes"
        : results.length + " of " + total + " probes";
    count.setAttribute("data-count", String(results.length));
    if (moreWrap) {
      moreWrap.hidden = shown >= results.length;
    }
  }

  var lastEncoded = null;

  // Runs the search for the controls' state. `mode` says what happens to the URL:
  // "push" (a new history entry), "replace" (typing refines the current entry) or "none".
  function run(mode) {
    var state = readState();
    render(search(state));
    var encoded = encodeState(state);
    if (encoded === lastEncoded || mode === "none") {
      lastEncoded = encoded;
      return;
    }
    var url = encoded ? "#" + encoded : location.pathname + location.search;
    try {
      if (mode === "push") {
        history.pushState(null, "", url);
      } else {
        history.replaceState(null, "", url);
      }
    } catch (e) {
      // Some browsers refuse the history API on file:// URLs; the hash still works.
      if (mode === "push") {
        location.hash = encoded;
      } else {
        location.replace("#" + encoded);
      }
    }
    lastEncoded = encoded;
  }

  function restore() {
    writeState(decodeState(location.hash));
    limit = LIMIT_STEP;
    run("none");
  }

  var typing = false;
  controls.q.addEventListener("input", function () {
    limit = LIMIT_STEP;
    // The first keystroke of a new search makes a history entry; the rest refine it.
    run(typing ? "replace" : "push");
    typing = true;
  });
  controls.owner.addEventListener("input", function () {
    limit = LIMIT_STEP;
    run("replace");
  });
  ["kind", "keyed", "process", "product", "collection", "expiry"].forEach(function (name) {
    controls[name].addEventListener("change", function () {
      typing = false;
      limit = LIMIT_STEP;
      run("push");
    });
  });
  controls.q.addEventListener("blur", function () {
    typing = false;
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    typing = false;
    run("push");
  });
  document.getElementById("reset").addEventListener("click", function () {
    writeState({});
    typing = false;
    limit = LIMIT_STEP;
    run("push");
    controls.q.focus();
  });
  if (more) {
    more.addEventListener("click", function () {
      limit += LIMIT_STEP * 5;
      run("none");
    });
  }
  window.addEventListener("popstate", restore);
  window.addEventListener("hashchange", restore);

  restore();
  document.documentElement.setAttribute("data-search-ready", "1");
})();
