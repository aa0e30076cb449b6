// The officer's workspace: one page over the JSON API of `redactor serve`.
// Plain JavaScript, no framework; every text from the server goes in with textContent, never as markup.
// The address bar holds only opaque case ids ("#/case/3f2a.../review"), never a name.
(function () {
  "use strict";

  var main = document.getElementById("main");
  var notice = document.getElementById("notice");
  var crumbs = document.getElementById("crumbs");
  var dialog = document.getElementById("dialog");
  var state = { kinds: null, view: null, poll: null };

  // ---- small helpers ------------------------------------------------------------------------

  function h(tag, attrs) {
    var el = document.createElement(tag);
    var key;
    attrs = attrs || {};
    for (key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key) || attrs[key] === null || attrs[key] === undefined || attrs[key] === false) { continue; }
      if (key.slice(0, 2) === "on") { el.addEventListener(key.slice(2), attrs[key]); }
      else if (key === "text") { el.textContent = attrs[key]; }
      else if (key === "className") { el.className = attrs[key]; }
      else if (key === "checked" || key === "value" || key === "disabled" || key === "selected") { el[key] = attrs[key]; }
      else { el.setAttribute(key, attrs[key] === true ? "" : String(attrs[key])); }
    }
    for (var i = 2; i < arguments.length; i++) { append(el, arguments[i]); }
    return el;
  }

  function append(el, child) {
    if (child === null || child === undefined || child === false) { return; }
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function say(message, kind) {
    notice.hidden = !message;
    notice.className = "notice " + (kind || "info");
    notice.textContent = message || "";
  }

  function api(method, url, body, raw) {
    var init = { method: method, credentials: "same-origin", headers: {} };
    if (raw !== undefined) {
      init.body = raw;
      init.headers["Content-Type"] = "application/octet-stream";
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers["Content-Type"] = "application/json";
    }
    return fetch(url, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.error || ("the server answered " + response.status));
          error.status = response.status;
          error.data = data;
          throw error;
        }
        return data;
      });
    });
  }

  function failed(error) { say(error.message, "error"); }

  function caseUrl(id, rest) { return "/api/cases/" + encodeURIComponent(id) + (rest || ""); }

  function size(bytes) {
    if (bytes < 1024) { return bytes + " bytes"; }
    if (bytes < 1024 * 1024) { return Math.round(bytes / 1024) + " KB"; }
    return (bytes / 1024 / 1024).toFixed(1) + " MB";
  }

  function kindName(kind) {
    var names = { PERSON: "person", LOCATION: "place", ORGANIZATION: "organisation" };
    if (names[kind]) { return names[kind]; }
    if (state.kinds) {
      for (var i = 0; i < state.kinds.length; i++) { if (state.kinds[i].kind === kind) { return state.kinds[i].name; } }
    }
    return kind.toLowerCase().replace(/_/g, " ");
  }

  function setTitle(screen) { document.title = screen + " \u2014 redactor workspace"; }

  function setCrumbs(items) {
    clear(crumbs);
    items.forEach(function (item, i) {
      var last = i === items.length - 1;
      crumbs.appendChild(h("li", {}, last ? h("span", { "aria-current": "page", text: item[0] }) : h("a", { href: item[1], text: item[0] })));
    });
  }

  function focusHeading() {
    var heading = main.querySelector("h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: false }); }
  }

  function field(id, label, input, hint) {
    input.id = id;
    var hintEl = hint ? h("span", { className: "hint", id: id + "-hint", text: hint }) : null;
    if (hintEl) { input.setAttribute("aria-describedby", id + "-hint"); }
    return h("div", { className: "field" }, h("label", { "for": id, text: label }), input, hintEl);
  }

  function lines(text) {
    return text.split("\n").map(function (s) { return s.trim(); }).filter(function (s) { return s; });
  }

  // ---- the dialog (rename, merge, split, add a term, replace a document) ---------------------

  function ask(title, build, okLabel) {
    return new Promise(function (resolve) {
      var body = document.getElementById("dialog-body");
      clear(body);
      document.getElementById("dialog-title").textContent = title;
      document.getElementById("dialog-ok").textContent = okLabel || "OK";
      var read = build(body);
      var done = false;
      function finish(value) {
        if (done) { return; }
        done = true;
        dialog.removeEventListener("close", onClose);
        if (dialog.open) { dialog.close(); }
        resolve(value);
      }
      function onClose() { finish(dialog.returnValue === "ok" ? read() : null); }
      dialog.addEventListener("close", onClose);
      document.getElementById("dialog-cancel").onclick = function () { dialog.returnValue = "cancel"; dialog.close(); };
      dialog.returnValue = "";
      dialog.showModal();
      var first = body.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    });
  }

  // ---- jobs: scan and publish with a progress bar ------------------------------------------

  function watchJob(jobId, box, onDone) {
    clear(box);
    var label = h("p", { className: "step", id: "job-step", text: "Starting\u2026" });
    var bar = h("progress", { id: "job-progress", max: "1", value: "0", "aria-labelledby": "job-step" });
    box.appendChild(label);
    box.appendChild(bar);
    if (state.poll) { clearTimeout(state.poll); }
    function poll() {
      api("GET", "/api/jobs/" + encodeURIComponent(jobId)).then(function (job) {
        if (!document.body.contains(box)) { return; }
        bar.max = Math.max(job.total, 1);
        bar.value = job.total ? job.done : 0;
        label.textContent = job.step + (job.total ? " (" + job.done + " of " + job.total + ")" : "");
        if (job.state === "running") { state.poll = setTimeout(poll, 300); return; }
        state.poll = null;
        bar.max = 1;
        bar.value = job.state === "done" ? 1 : 0;
        if (job.state === "done") { onDone(job.result); }
        else { label.textContent = "Stopped: " + job.message; say(job.message, "error"); }
      }).catch(failed);
    }
    poll();
  }

  // ---- screen: the list of cases -------------------------------------------------------------

  function showCases() {
    setTitle("Cases");
    setCrumbs([["Cases", "#/"]]);
    return api("GET", "/api/cases").then(function (data) {
      clear(main);
      var name = h("input", { type: "text", required: true, maxlength: "200", autocomplete: "off" });
      var form = h("form", { id: "create-case", className: "inline" },
        field("new-case-name", "New case name", name, "A short name for the review, such as its reference; not a person's name."),
        h("button", { type: "submit", id: "create-case-button", text: "Create case" }));
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        api("POST", "/api/cases", { name: name.value }).then(function (created) {
          say("Case created. Add its documents, then fill in the case file.", "ok");
          state.keepNotice = true;
          location.hash = "#/case/" + created.id;
        }).catch(failed);
      });
      var rows = data.cases.map(function (c) {
        return h("tr", {},
          h("td", {}, h("a", { href: "#/case/" + c.id, className: "case-link", text: c.name || "(no name)" })),
          h("td", { text: String(c.documents) }),
          h("td", { text: c.scanned ? "yes" : "not yet" }),
          h("td", { text: c.published ? "yes" : "not yet" }));
      });
      append(main, [
        h("h1", { text: "Cases" }),
        h("p", { text: "Open a case, or create a new one. New cases are made in " + data.root + "." }),
        rows.length ? h("table", { className: "grid", id: "cases" },
          h("caption", { text: "Recent and known cases" }),
          h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Case" }), h("th", { scope: "col", text: "Documents" }),
            h("th", { scope: "col", text: "Scanned" }), h("th", { scope: "col", text: "Published" }))),
          h("tbody", {}, rows)) : h("p", { className: "empty", text: "No case yet." }),
        h("h2", { text: "Create a case" }),
        form,
      ]);
    });
  }

  // ---- screen: one case (documents, case file, scan) -----------------------------------------

  function caseNav(id, current) {
    var steps = [["Case and documents", "#/case/" + id], ["Review", "#/case/" + id + "/review"], ["Publish", "#/case/" + id + "/publish"]];
    return h("nav", { className: "steps", "aria-label": "Steps of this case" }, h("ol", {}, steps.map(function (s, i) {
      return h("li", {}, i === current ? h("span", { "aria-current": "step", text: (i + 1) + ". " + s[0] })
        : h("a", { href: s[1], text: (i + 1) + ". " + s[0] }));
    })));
  }

  function loadKinds() {
    if (state.kinds) { return Promise.resolve(state.kinds); }
    return api("GET", "/api/kinds").then(function (data) { state.kinds = data.kinds; return data.kinds; });
  }

  function showCase(id) {
    setTitle("Case");
    return Promise.all([api("GET", caseUrl(id)), loadKinds()]).then(function (got) {
      renderCase(id, got[0]);
    });
  }

  function renderCase(id, view) {
    state.view = view;
    var data = view.case;
    setCrumbs([["Cases", "#/"], ["Case", "#/case/" + id]]);
    clear(main);
    append(main, [
      h("h1", { text: "Case: " + (data.name || "(no name)") }),
      caseNav(id, 0),
      documentsSection(id, view),
      caseForm(id, view),
      scanSection(id, view),
    ]);
  }

  function documentsSection(id, view) {
    var rows = view.documents.map(function (d) {
      return h("tr", {},
        h("td", { className: "name", text: d.name }), h("td", { text: d.kind }), h("td", { text: size(d.size) }),
        h("td", { text: d.modified.replace("T", " ").slice(0, 16) }),
        h("td", {}, h("button", {
          type: "button", className: "remove", "aria-label": "Remove " + d.name, text: "Remove",
          onclick: function () { removeDocument(id, d.name); },
        })));
    });
    var input = h("input", { type: "file", multiple: true, accept: ".docx,.txt,.md" });
    input.addEventListener("change", function () { upload(id, Array.prototype.slice.call(input.files)); });
    var drop = h("div", { id: "drop", className: "drop" },
      h("p", { text: "Drop .docx, .txt or .md files here, or choose them with the button." }),
      field("upload", "Add documents", input, "Word (.docx), text (.txt) or Markdown (.md); at most 50 MB each."));
    drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      drop.classList.remove("over");
      upload(id, Array.prototype.slice.call(e.dataTransfer.files));
    });
    return h("section", { "aria-labelledby": "docs-h", className: "panel" },
      h("h2", { id: "docs-h", text: "Documents" }),
      rows.length ? h("table", { className: "grid", id: "documents" },
        h("thead", {}, h("tr", {}, ["Document", "Type", "Size", "Changed (UTC)", "Action"].map(function (t) { return h("th", { scope: "col", text: t }); }))),
        h("tbody", {}, rows)) : h("p", { className: "empty", text: "No document yet." }),
      drop);
  }

  function upload(id, files) {
    var names = state.view.documents.map(function (d) { return d.name; });
    var chain = Promise.resolve();
    files.forEach(function (file) {
      chain = chain.then(function () {
        var exists = names.indexOf(file.name) >= 0;
        var go = exists ? ask("Replace a document?", function (body) {
          body.appendChild(h("p", { text: "The case already has a document called " + file.name + ". Replace it with the new file?" }));
          return function () { return true; };
        }, "Replace") : Promise.resolve(true);
        return go.then(function (yes) {
          if (!yes) { return null; }
          say("Uploading " + file.name + "\u2026", "info");
          return api("PUT", caseUrl(id, "/documents/" + encodeURIComponent(file.name)) + (exists ? "?replace=1" : ""), undefined, file)
            .then(function () { say("Added " + file.name + ".", "ok"); });
        });
      });
    });
    chain.catch(failed).then(function () {
      return api("GET", caseUrl(id)).then(function (view) { renderCase(id, view); });
    });
  }

  function removeDocument(id, name) {
    ask("Remove a document?", function (body) {
      body.appendChild(h("p", { text: "Remove " + name + " from the case? The file is deleted from the case folder." }));
      return function () { return true; };
    }, "Remove").then(function (yes) {
      if (!yes) { return; }
      api("DELETE", caseUrl(id, "/documents/" + encodeURIComponent(name))).then(function (view) {
        say("Removed " + name + ".", "ok");
        renderCase(id, view);
      }).catch(failed);
    });
  }

  function personFields(index, person) {
    var p = person || { name: "", aliases: [], pseudonym: "", role: "", title: "" };
    var prefix = "person-" + index + "-";
    var box = h("fieldset", { className: "person", "data-index": String(index) },
      h("legend", { text: "Person " + (index + 1) }),
      h("div", { className: "row" },
        field(prefix + "name", "Full name", h("input", { type: "text", value: p.name || "", "data-f": "name" })),
        field(prefix + "aliases", "Other names", h("input", { type: "text", value: (p.aliases || []).join(", "), "data-f": "aliases" }),
          "Separated by commas."),
        field(prefix + "pseudonym", "Pseudonym", h("input", { type: "text", value: p.pseudonym || "", "data-f": "pseudonym" })),
        field(prefix + "role", "Role", h("input", { type: "text", value: p.role || "", "data-f": "role" }), "Such as victim, perpetrator, child."),
        field(prefix + "title", "Title", h("input", { type: "text", value: p.title || "", "data-f": "title" }), "Mr, Mrs, Ms, Dr...")),
      h("button", { type: "button", className: "remove", text: "Remove this person", "aria-label": "Remove person " + (index + 1),
        onclick: function () { box.remove(); } }));
    return box;
  }

  function caseForm(id, view) {
    var data = view.case;
    var people = h("div", { id: "people" });
    (data.people || []).forEach(function (p, i) { people.appendChild(personFields(i, p)); });
    var nextPerson = (data.people || []).length;  // field ids stay unique when people are removed and added
    var policy = h("div", { className: "policy" });
    (state.kinds || []).forEach(function (k) {
      if (k.allowed.length < 2) { return; }
      var current = (data.policy || {})[k.kind] || k.default;
      var select = h("select", {}, k.allowed.map(function (a) {
        return h("option", { value: a, selected: a === current, text: a + (a === k.default ? " (default)" : "") });
      }));
      select.setAttribute("data-kind", k.kind);
      policy.appendChild(field("policy-" + k.kind, k.name, select, k.reason));
    });
    var form = h("form", { id: "case-form", className: "panel", "aria-labelledby": "case-h" },
      h("h2", { id: "case-h", text: "Case file" }),
      h("p", { className: "hint", text: "Saved to case.toml in the case folder (comments and layout kept). The CLI reads the same file." }),
      h("div", { className: "row" },
        field("f-name", "Case name", h("input", { type: "text", value: data.name || "", readonly: view.has_key }),
          view.has_key ? "Fixed: the case's key belongs to this name." : null),
        field("f-area", "Council area (kept as written)", h("input", { type: "text", value: data.area || "" }), "Such as Lewisham.")),
      h("h3", { text: "People of the case" }),
      people,
      h("button", { type: "button", id: "add-person", text: "Add a person", onclick: function () {
        var box = personFields(nextPerson++, null);
        people.appendChild(box);
        box.querySelector("input").focus();
      } }),
      h("h3", { text: "Terms" }),
      h("div", { className: "row" },
        field("f-keep", "Keep as written (one per line)", h("textarea", { rows: "4", text: (data.keep_terms || []).join("\n") })),
        field("f-redact", "Always redact (one per line)", h("textarea", { rows: "4", text: (data.redact_terms || []).join("\n") }))),
      h("div", { className: "field check" }, h("input", { type: "checkbox", id: "f-large", checked: data.large_places !== false }),
        h("label", { "for": "f-large", text: "Keep large places (cities, counties, regions) as written" })),
      h("div", { className: "field check" }, h("input", { type: "checkbox", id: "f-bodies", checked: data.public_bodies !== false }),
        h("label", { "for": "f-bodies", text: "Keep public bodies (councils, police forces, NHS trusts) as written" })),
      h("h3", { text: "Policy" }),
      h("details", {}, h("summary", { text: "What happens to each kind of identifier" }), policy),
      h("div", { className: "field check" }, h("input", { type: "checkbox", id: "f-pdf", checked: !!data.pdf }),
        h("label", { "for": "f-pdf", text: "Publish a PDF copy of each document (needs LibreOffice)" })),
      h("p", { className: "buttons" }, h("button", { type: "submit", id: "save-case", className: "primary", text: "Save the case file" })));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var changes = {
        name: document.getElementById("f-name").value.trim(),
        area: document.getElementById("f-area").value.trim(),
        keep_terms: lines(document.getElementById("f-keep").value),
        redact_terms: lines(document.getElementById("f-redact").value),
        large_places: document.getElementById("f-large").checked,
        public_bodies: document.getElementById("f-bodies").checked,
        pdf: document.getElementById("f-pdf").checked,
        people: Array.prototype.map.call(people.querySelectorAll("fieldset.person"), function (box) {
          function v(f) { return box.querySelector("[data-f=" + f + "]").value.trim(); }
          return { name: v("name"), aliases: v("aliases").split(",").map(function (s) { return s.trim(); }).filter(Boolean),
            pseudonym: v("pseudonym"), role: v("role"), title: v("title") };
        }).filter(function (p) { return p.name; }),
        policy: {},
      };
      policy.querySelectorAll("select").forEach(function (s) {  // only the choices that differ from the default
        var kind = s.getAttribute("data-kind");
        var rule = (state.kinds || []).filter(function (k) { return k.kind === kind; })[0];
        if (!rule || s.value !== rule.default) { changes.policy[kind] = s.value; }
      });
      api("PUT", caseUrl(id, "/case"), { changes: changes, version: view.case.version }).then(function (fresh) {
        renderCase(id, fresh);
        say("The case file is saved. Scan again to see its effect.", "ok");
      }).catch(function (error) {
        if (error.status === 409 && error.data && error.data.current) {
          renderCase(id, error.data.current);
          say("The case file was changed elsewhere (another tab or an editor) since this page read it. " +
            "The page now shows the file as it is; make your change again.", "error");
        } else { failed(error); }
      });
    });
    return form;
  }

  function scanSection(id, view) {
    var box = h("div", { id: "scan-job", className: "job", "aria-live": "polite" });
    var button = h("button", { type: "button", id: "scan", className: "primary", text: view.scanned ? "Scan again" : "Scan the documents" });
    button.addEventListener("click", function () {
      api("POST", caseUrl(id, "/scan")).then(function (job) { startScan(id, job.job, box); }).catch(failed);
    });
    var section = h("section", { className: "panel", "aria-labelledby": "scan-h" },
      h("h2", { id: "scan-h", text: "Scan" }),
      h("p", { text: "Finds the identifiers in every document and links the names of each person, place and organisation. " +
        "It publishes nothing. Decisions you made earlier are kept." }),
      button, box,
      view.scanned ? h("p", {}, h("a", { href: "#/case/" + id + "/review", text: "Review the last scan" })) : null);
    if (view.job && view.job.kind === "scan") { startScan(id, view.job.id, box); }
    return section;
  }

  function startScan(id, jobId, box) {
    watchJob(jobId, box, function (result) {
      var failedFiles = result.files.filter(function (f) { return f.status === "refused" || f.status === "failed"; });
      say("Scan finished: " + result.entities + " people, places and organisations; " + result.mentions + " detections" +
        (failedFiles.length ? "; " + failedFiles.length + " file(s) not read (see the list)." : "."), failedFiles.length ? "error" : "ok");
      box.appendChild(h("p", {}, h("a", { href: "#/case/" + id + "/review", id: "go-review", className: "button primary", text: "Review the detections" })));
      if (failedFiles.length) {
        box.appendChild(h("ul", {}, failedFiles.map(function (f) { return h("li", { text: f.name + ": " + f.status + ": " + f.reason }); })));
      }
      var link = document.getElementById("go-review");
      if (link) { link.focus(); }
    });
  }

  // ---- screen: review -----------------------------------------------------------------------

  var review = null; // {id, data, decisions, selected: {doc, m} or {entity}, filters}

  function showReview(id) {
    setTitle("Review");
    setCrumbs([["Cases", "#/"], ["Case", "#/case/" + id], ["Review", "#/case/" + id + "/review"]]);
    return Promise.all([api("GET", caseUrl(id, "/review")), loadKinds()]).then(function (got) {
      var data = got[0];
      var filters = review && review.id === id ? review.filters : { off: {}, below: 101, kept: true };
      review = { id: id, data: data.review, decisions: data.decisions, selected: review && review.id === id ? review.selected : null,
        filters: filters, selection: null };
      renderReview(true);
    });
  }

  function decisionFor(entityId) {
    var list = (review.decisions && review.decisions.entities) || [];
    for (var i = 0; i < list.length; i++) { if (list[i].id === entityId) { return list[i]; } }
    return null;
  }

  function entityById(entityId) {
    var list = review.data.entities;
    for (var i = 0; i < list.length; i++) { if (list[i].id === entityId) { return list[i]; } }
    return null;
  }

  // What the entity now is, after the officer's decisions: {pseudonym, decision, merged, names}.
  function effective(entityId) {
    var entity = entityById(entityId);
    var dec = decisionFor(entityId);
    var out = { pseudonym: entity ? entity.pseudonym : "", decision: "accept", merged: null, split: [] };
    if (dec) {
      if (dec.pseudonym) { out.pseudonym = dec.pseudonym; }
      if (dec.decision) { out.decision = dec.decision; }
      if (dec.merge_into) {
        out.merged = dec.merge_into;
        var into = decisionFor(dec.merge_into);
        var target = entityById(dec.merge_into);
        out.pseudonym = (into && into.pseudonym) || (target && target.pseudonym) || out.pseudonym;
      }
      out.split = dec.split_off || [];
      out.splitPseudonym = dec.split_pseudonym || "";
    }
    return out;
  }

  function mentionRejected(doc, text, kind) {
    var list = (review.decisions && review.decisions.mentions) || [];
    var folded = text.toLocaleLowerCase();
    for (var i = 0; i < list.length; i++) {
      var m = list[i];
      if (m.decision === "reject" && (m.document === doc.given || m.document === doc.name) && m.text.toLocaleLowerCase() === folded) { return true; }
    }
    return false;
  }

  function mentionText(doc, m) {
    var seg = doc.segmentById[m.segment_id];
    return seg ? seg.text.slice(m.start, m.end) : "";
  }

  function kindsInReview() {
    var counts = {};
    review.data.documents.forEach(function (doc) {
      doc.mentions.forEach(function (m) { counts[m.kind] = (counts[m.kind] || 0) + 1; });
    });
    return counts;
  }

  function shown(m, kept) {
    var f = review.filters;
    if (f.off[m.kind]) { return false; }
    if (kept && !f.kept) { return false; }
    return Math.round(m.score * 100) < f.below;
  }

  function renderReview(first) {
    var data = review.data;
    var id = review.id;
    var focused = document.activeElement && document.activeElement.id;
    var scrollY = window.scrollY;
    clear(main);
    main.appendChild(h("h1", { text: "Review" }));
    main.appendChild(caseNav(id, 1));
    if (!data) {
      main.appendChild(h("p", { text: "This case has not been scanned yet." }));
      main.appendChild(h("p", {}, h("a", { href: "#/case/" + id, className: "button primary", text: "Go to the scan" })));
      return;
    }
    data.documents.forEach(function (doc) {
      doc.segmentById = {};
      doc.segments.forEach(function (s) { doc.segmentById[s.id] = s; });
    });
    var layout = h("div", { className: "review" });
    layout.appendChild(reviewSide());
    var content = h("div", { className: "docs", id: "docs" });
    content.appendChild(checksSection());
    data.documents.forEach(function (doc, d) { content.appendChild(renderDocument(doc, d)); });
    layout.appendChild(content);
    main.appendChild(layout);
    main.appendChild(actionBar());
    updateActionBar();
    if (first) { focusHeading(); }
    else {
      window.scrollTo(0, scrollY);
      var again = focused && document.getElementById(focused);
      if (again) { again.focus({ preventScroll: true }); }
    }
  }

  function reviewSide() {
    var counts = kindsInReview();
    var f = review.filters;
    var kinds = Object.keys(counts).sort();
    var form = h("form", { id: "filters", className: "filters", "aria-labelledby": "filters-h" },
      h("h2", { id: "filters-h", text: "Filters" }),
      h("fieldset", {}, h("legend", { text: "Kinds" }), kinds.map(function (k) {
        var box = h("input", { type: "checkbox", id: "f-kind-" + k, checked: !f.off[k] });
        box.addEventListener("change", function () { f.off[k] = !box.checked; renderReview(false); });
        return h("div", { className: "check" }, box, h("label", { "for": "f-kind-" + k, text: kindName(k) + " (" + counts[k] + ")" }));
      })),
      field("f-below", "Confidence", h("select", { onchange: function (e) { f.below = parseInt(e.target.value, 10); renderReview(false); } },
        [[101, "all detections"], [90, "below 90% only"], [70, "below 70% only"], [50, "below 50% only"]].map(function (o) {
          return h("option", { value: String(o[0]), selected: f.below === o[0], text: o[1] });
        }))),
      h("div", { className: "check" }, h("input", { type: "checkbox", id: "f-kept", checked: f.kept,
        onchange: function (e) { f.kept = e.target.checked; renderReview(false); } }),
        h("label", { "for": "f-kept", text: "Show what stays as written" })));
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var groups = [["People", ["PERSON"]], ["Places", ["LOCATION"]], ["Organisations", ["ORGANIZATION"]]];
    var lists = groups.map(function (g) {
      var ents = review.data.entities.filter(function (e) { return g[1].indexOf(e.kind) >= 0; });
      return h("section", { className: "ents", "aria-labelledby": "ents-" + g[0] },
        h("h2", { id: "ents-" + g[0], text: g[0] + " (" + ents.length + ")" }),
        ents.length ? h("ul", {}, ents.map(entityItem)) : h("p", { className: "empty", text: "None found." }));
    });
    var added = (review.decisions && review.decisions.added) || [];
    var addedList = h("section", { className: "ents", "aria-labelledby": "added-h" },
      h("h2", { id: "added-h", text: "Terms you added (" + added.length + ")" }),
      added.length ? h("ul", {}, added.map(function (t) {
        return h("li", {}, h("span", { className: "names", text: t.text }), " ",
          h("span", { className: "kn", text: kindName(t.kind) + (t.pseudonym ? " \u2192 " + t.pseudonym : "") }), " ",
          h("button", { type: "button", className: "small", "aria-label": "Remove the added term " + t.text, text: "Remove",
            onclick: function () { decide({ op: "remove-add", text: t.text }, "Removed an added term."); } }));
      })) : h("p", { className: "empty", text: "Select missed words in a document (or not) and press Add missed term (t)." }));
    return h("aside", { className: "side", "aria-label": "Filters and entities" }, form, lists, addedList);
  }

  function entityItem(entity) {
    var eff = effective(entity.id);
    var status = eff.merged ? "merged into " + eff.merged : eff.decision === "reject" ? "kept as written" : "\u2192 " + eff.pseudonym;
    var selected = review.selected && review.selected.entity === entity.id;
    return h("li", {}, h("button", {
      type: "button", className: "ent" + (selected ? " selected" : "") + (eff.decision === "reject" ? " rejected" : ""),
      id: "ent-" + entity.id, "aria-pressed": selected ? "true" : "false",
      onclick: function () { selectEntity(entity.id); },
    }, h("span", { className: "eid", text: entity.id }), " ", h("strong", { className: "names", text: entity.names.join(", ") }), " ",
      h("span", { className: "ps", text: status }), " ",
      h("span", { className: "n", text: entity.mentions + (entity.mentions === 1 ? " mention" : " mentions") })));
  }

  function checksSection() {
    var items = [];
    review.data.documents.forEach(function (doc) {
      (doc.checks || []).forEach(function (c) { items.push(h("li", {}, h("strong", { text: doc.given || doc.name }), ": " + c)); });
    });
    var uncertain = (review.data.uncertain || []).slice().sort(function (a, b) { return a.score - b.score; });
    var objects = (review.decisions && review.decisions.objects) || [];
    return h("section", { className: "checks", id: "checks", "aria-labelledby": "checks-h" },
      h("h2", { id: "checks-h", text: "Needs a human check first" }),
      items.length ? h("ul", {}, items) : h("p", { text: "Nothing the tool could not read." }),
      objects.length ? h("div", {}, h("h3", { text: "Pictures and embedded objects" }), h("ul", {}, objects.map(function (o) {
        var checked = o.decision === "checked";
        return h("li", {}, (o.kind || "object") + " in " + o.document + (o.where ? ", " + o.where : "") + ": ",
          h("strong", { text: checked ? "checked" : "not checked yet" }), " ",
          h("button", { type: "button", className: "small", text: checked ? "Mark not checked" : "I have checked it",
            onclick: function () {
              decide({ op: "object", document: o.document, part: o.part, sha256: o.sha256, decision: checked ? "undecided" : "checked" }, "Saved.");
            } }));
      }))) : null,
      uncertain.length ? h("div", {}, h("h3", { text: "Uncertain detections, least sure first (" + uncertain.length + ")" }),
        h("table", { className: "grid small" },
          h("thead", {}, h("tr", {}, ["Text", "Kind", "Confidence", "Document", "Where"].map(function (t) { return h("th", { scope: "col", text: t }); }))),
          h("tbody", {}, uncertain.slice(0, 200).map(function (u) {
            return h("tr", {}, h("td", { text: u.text }), h("td", { text: kindName(u.kind) }), h("td", { text: Math.round(u.score * 100) + "%" }),
              h("td", { text: u.document }), h("td", { text: u.where || "" }));
          })))) : null);
  }

  var PART_NAMES = { footnote: "Footnote", endnote: "Endnote", header: "Header", footer: "Footer", comment: "Comment",
    textbox: "Text box", properties: "Document properties" };

  function renderDocument(doc, d) {
    var section = h("section", { className: "doc", "aria-labelledby": "doc-" + d + "-h", "data-doc": String(d) });
    section.appendChild(h("h2", { id: "doc-" + d + "-h", text: doc.given || doc.name }));
    section.appendChild(h("p", { className: "counts", text: doc.mentions.length + " detections, " + (doc.kept || []).length + " kept as written" }));
    var bySegment = {};
    doc.mentions.forEach(function (m, i) { (bySegment[m.segment_id] = bySegment[m.segment_id] || []).push({ m: m, i: i, kept: false }); });
    (doc.kept || []).forEach(function (m, i) { (bySegment[m.segment_id] = bySegment[m.segment_id] || []).push({ m: m, i: i, kept: true }); });
    var body = h("div", { className: "text" });
    var list = null;
    var table = null;
    doc.segments.forEach(function (seg) {
      var role = seg.role || "paragraph";
      var content = segmentContent(doc, d, seg, bySegment[seg.id] || []);
      if (role !== "list") { list = null; }
      if (role !== "table-cell") { table = null; }
      if (/^heading[1-6]$/.test(role)) {
        var level = Math.min(6, parseInt(role.slice(7), 10) + 2);
        body.appendChild(h("h" + level, { className: "seg" }, content));
      } else if (role === "list") {
        if (!list) { list = h("ul", { className: "seg-list" }); body.appendChild(list); }
        list.appendChild(h("li", { className: "seg" }, content));
      } else if (role === "table-cell" && seg.table) {
        var t = seg.table[0], r = seg.table[1], c = seg.table[2];
        if (!table || table.number !== t) {
          table = { number: t, el: h("table", { className: "doc-table" }, h("tbody", {})), rows: {} };
          body.appendChild(table.el);
        }
        var row = table.rows[r];
        if (!row) { row = table.rows[r] = { el: h("tr", {}), cells: {} }; table.el.tBodies[0].appendChild(row.el); }
        var cell = row.cells[c];
        if (!cell) { cell = row.cells[c] = h("td", {}); row.el.appendChild(cell); }
        cell.appendChild(h("p", { className: "seg" }, content));
      } else if (PART_NAMES[role]) {
        body.appendChild(h("div", { className: "seg part part-" + role }, h("span", { className: "tag", text: PART_NAMES[role] + ": " }), content));
      } else {
        body.appendChild(h("p", { className: "seg" }, content));
      }
    });
    if (!doc.segments.length) { body.appendChild(h("p", { className: "empty", text: "No text." })); }
    section.appendChild(body);
    return section;
  }

  function segmentContent(doc, d, seg, marks) {
    marks.sort(function (a, b) { return a.m.start - b.m.start || b.m.end - a.m.end; });
    var out = [];
    var at = 0;
    var text = seg.text;
    marks.forEach(function (x) {
      var m = x.m;
      if (m.start < at || m.end > text.length) { return; }
      if (m.start > at) { out.push(text.slice(at, m.start)); }
      out.push(markFor(doc, d, x, text.slice(m.start, m.end)));
      at = m.end;
    });
    if (at < text.length) { out.push(text.slice(at)); }
    return out;
  }

  function markFor(doc, d, x, original) {
    var m = x.m;
    var id = "d" + d + (x.kept ? "-k" : "-m") + x.i;
    var classes = ["m", "k-" + m.kind];
    var badge;
    var eff = m.entity_id ? effective(m.entity_id) : null;
    var rejectedHere = !x.kept && mentionRejected(doc, original, m.kind);
    if (x.kept) { classes.push("kept"); badge = "kept"; }
    else if (rejectedHere || (eff && eff.decision === "reject")) { classes.push("rejected"); badge = "kept as written"; }
    else if (eff && eff.split.some(function (n) { return n.toLocaleLowerCase() === original.toLocaleLowerCase(); })) {
      badge = eff.splitPseudonym || "new pseudonym";  // split off: someone else now
    } else { badge = eff ? eff.pseudonym : m.replacement; }
    if (!shown(m, x.kept)) { classes.push("off"); }
    var selected = review.selected && review.selected.doc === d && review.selected.m === id;
    var entitySelected = review.selected && review.selected.entity && review.selected.entity === m.entity_id;
    if (selected) { classes.push("selected"); }
    if (entitySelected) { classes.push("same"); }
    var label = original + ", " + kindName(m.kind) + (x.kept ? ", kept as written" : ", becomes " + badge) +
      ", confidence " + Math.round(m.score * 100) + "%";
    var mark = h("mark", { className: classes.join(" "), id: id, tabindex: classes.indexOf("off") >= 0 ? "-1" : "0",
      "data-doc": String(d), "data-kind": m.kind, "aria-label": label },
      h("span", { className: "orig", text: original }),
      h("span", { className: "ps", "aria-hidden": "true", text: badge }));
    mark.addEventListener("click", function () { selectMention(d, id); });
    mark.addEventListener("focus", function () { if (!(review.selected && review.selected.m === id)) { selectMention(d, id, true); } });
    return mark;
  }

  function currentMention() {
    var sel = review.selected;
    if (!sel || sel.m === undefined) { return null; }
    var doc = review.data.documents[sel.doc];
    var kept = sel.m.indexOf("-k") >= 0;
    var index = parseInt(sel.m.slice(sel.m.lastIndexOf(kept ? "k" : "m") + 1), 10);
    var m = (kept ? doc.kept : doc.mentions)[index];
    return m ? { doc: doc, m: m, kept: kept, text: mentionText(doc, m) } : null;
  }

  function currentEntity() {
    var sel = review.selected;
    if (!sel) { return null; }
    if (sel.entity) { return entityById(sel.entity); }
    var cur = currentMention();
    return cur && cur.m.entity_id ? entityById(cur.m.entity_id) : null;
  }

  function selectMention(d, id, fromFocus) {
    var cur = review.selected;
    review.selected = { doc: d, m: id };
    var m = currentMention();
    if (m && m.m.entity_id) { review.selected.entity = m.m.entity_id; }
    document.querySelectorAll("mark.selected, mark.same").forEach(function (e) { e.classList.remove("selected", "same"); });
    var el = document.getElementById(id);
    if (el) { el.classList.add("selected"); }
    if (review.selected.entity) {
      document.querySelectorAll("mark.m").forEach(function (e) {
        var mm = markMention(e);
        if (mm && mm.entity_id === review.selected.entity) { e.classList.add("same"); }
      });
    }
    updateActionBar();
    if (!fromFocus && el && cur !== review.selected) { el.focus({ preventScroll: true }); }
  }

  function markMention(el) {
    var doc = review.data.documents[parseInt(el.getAttribute("data-doc"), 10)];
    var id = el.id;
    var kept = id.indexOf("-k") >= 0;
    var index = parseInt(id.slice(id.lastIndexOf(kept ? "k" : "m") + 1), 10);
    return (kept ? doc.kept : doc.mentions)[index];
  }

  function selectEntity(entityId) {
    review.selected = { entity: entityId };
    var first = null;
    document.querySelectorAll("mark.selected, mark.same").forEach(function (e) { e.classList.remove("selected", "same"); });
    document.querySelectorAll("mark.m").forEach(function (e) {
      var mm = markMention(e);
      if (mm && mm.entity_id === entityId) { e.classList.add("same"); if (!first) { first = e; } }
    });
    document.querySelectorAll("button.ent").forEach(function (b) {
      var on = b.id === "ent-" + entityId;
      b.classList.toggle("selected", on);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    if (first) { first.scrollIntoView({ block: "center" }); }
    updateActionBar();
  }

  var ACTIONS = [
    ["accept", "Accept", "a", "Accept the tool's pseudonym for this entity"],
    ["reject", "Keep as written", "r", "Reject the entity: keep all its names as written"],
    ["mention", "Keep this one", "x", "Reject this mention only: keep it as written in this document"],
    ["rename", "Rename", "n", "Give the entity another pseudonym"],
    ["merge", "Merge", "m", "Merge the entity into another (same person)"],
    ["split", "Split", "s", "Split some names off into a new entity"],
    ["add", "Add missed term", "t", "Add the selected words (or type them) as a missed term"],
    ["undo", "Undo", "u", "Undo the last decision"],
  ];

  function actionBar() {
    return h("section", { className: "actions", id: "actions", "aria-labelledby": "actions-h" },
      h("h2", { id: "actions-h", className: "vh", text: "Decide" }),
      h("p", { id: "selected-info", className: "info", "aria-live": "polite" }),
      h("div", { className: "buttons" }, ACTIONS.map(function (a) {
        return h("button", { type: "button", id: "act-" + a[0], "aria-keyshortcuts": a[2], title: a[3],
          onclick: function () { act(a[0]); } }, a[1] + " ", h("kbd", { "aria-hidden": "true", text: a[2] }));
      })));
  }

  function updateActionBar() {
    var info = document.getElementById("selected-info");
    if (!info) { return; }
    var entity = currentEntity();
    var mention = currentMention();
    var text;
    if (mention) {
      text = "\u201c" + mention.text + "\u201d \u2014 " + kindName(mention.m.kind) + ", " + mention.m.where +
        (mention.kept ? ", kept as written (" + mention.m.detector + ")" : "") +
        ", confidence " + Math.round(mention.m.score * 100) + "%, detector " + mention.m.detector;
    } else if (entity) {
      text = entity.id + ": " + entity.names.join(", ");
    } else {
      text = "Select a highlight (click it, or Tab to it, or press j) or an entity in the list.";
    }
    if (entity) {
      var eff = effective(entity.id);
      text += " \u2014 entity " + entity.id + (eff.merged ? ", merged into " + eff.merged : "") +
        (eff.decision === "reject" ? ", kept as written" : ", becomes " + eff.pseudonym);
    }
    info.textContent = text;
    var can = {
      accept: !!entity, reject: !!entity, rename: !!entity, merge: !!entity, split: !!entity && entity.names.length > 1,
      mention: !!mention && !mention.kept, add: true, undo: !!(review.decisions && review.decisions.can_undo),
    };
    Object.keys(can).forEach(function (k) { var b = document.getElementById("act-" + k); if (b) { b.disabled = !can[k]; } });
  }

  function decide(body, done) {
    body.version = review.decisions ? review.decisions.version : "";
    return api("POST", caseUrl(review.id, "/decisions"), body).then(function (decisions) {
      review.decisions = decisions;
      renderReview(false);
      say(done + " Saved to the decisions file.", "ok");
    }).catch(function (error) {
      if (error.status === 409 && error.data && error.data.conflict) {
        return api("GET", caseUrl(review.id, "/review")).then(function (data) {
          review.data = data.review;
          review.decisions = data.decisions;
          renderReview(false);
          say("The decisions were changed in another tab or window since this page read them. The page now shows " +
            "the latest decisions; check them and make your decision again.", "error");
        });
      }
      failed(error);
    });
  }

  function act(action) {
    var entity = currentEntity();
    var mention = currentMention();
    if (action === "undo") { return decide({ op: "undo" }, "Undone."); }
    if (action === "add") { return addTerm(); }
    if (action === "mention") {
      if (!mention || mention.kept) { return say("Select a highlighted detection first.", "error"); }
      return decide({ op: "mention", document: mention.doc.given || mention.doc.name, text: mention.text, kind: mention.m.kind, decision: "reject" },
        "This mention stays as written in this document.");
    }
    if (!entity) { return say("Select a highlight or an entity first.", "error"); }
    if (action === "accept") { return decide({ op: "entity", entity: entity.id, decision: "accept" }, "Accepted."); }
    if (action === "reject") { return decide({ op: "entity", entity: entity.id, decision: "reject" }, "Its names stay as written."); }
    if (action === "rename") {
      return ask("Rename the pseudonym", function (body) {
        var input = h("input", { type: "text", value: effective(entity.id).pseudonym, required: true });
        body.appendChild(h("p", { text: "Entity " + entity.id + ": " + entity.names.join(", ") }));
        body.appendChild(field("rename-input", "New pseudonym", input));
        return function () { return input.value.trim(); };
      }, "Rename").then(function (name) {
        if (name) { decide({ op: "entity", entity: entity.id, pseudonym: name }, "Renamed."); }
      });
    }
    if (action === "merge") {
      var others = review.data.entities.filter(function (e) { return e.id !== entity.id && e.kind === entity.kind; });
      if (!others.length) { return say("There is no other entity of this kind to merge with.", "error"); }
      return ask("Merge two entities", function (body) {
        var select = h("select", {}, others.map(function (e) {
          return h("option", { value: e.id, text: e.id + ": " + e.names.join(", ") + " (" + effective(e.id).pseudonym + ")" });
        }));
        body.appendChild(h("p", { text: "Entity " + entity.id + " (" + entity.names.join(", ") + ") is the same as:" }));
        body.appendChild(field("merge-into", "Merge into", select));
        return function () { return select.value; };
      }, "Merge").then(function (into) {
        if (into) { decide({ op: "entity", entity: entity.id, merge_into: into }, "Merged."); }
      });
    }
    if (action === "split") {
      return ask("Split names off", function (body) {
        body.appendChild(h("p", { text: "Tick the names that are someone else:" }));
        var boxes = entity.names.map(function (n, i) {
          var box = h("input", { type: "checkbox", id: "split-" + i, value: n });
          body.appendChild(h("div", { className: "check" }, box, h("label", { "for": "split-" + i, text: n })));
          return box;
        });
        var input = h("input", { type: "text" });
        body.appendChild(field("split-pseudonym", "Their pseudonym (optional)", input));
        return function () {
          var names = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
          return names.length ? { names: names, pseudonym: input.value.trim() } : null;
        };
      }, "Split").then(function (got) {
        if (got) {
          decide({ op: "entity", entity: entity.id, split_off: got.names, split_pseudonym: got.pseudonym || undefined }, "Split off.");
        }
      });
    }
    return null;
  }

  function addTerm() {
    var selected = review.selection || "";
    var kinds = ["PERSON", "LOCATION", "ORGANIZATION", "CUSTOM"];
    return ask("Add a missed term", function (body) {
      // The selected words are filled in; without a mouse, type them (every occurrence in the case is replaced).
      var text = h("input", { type: "text", value: selected, required: true, maxlength: "200" });
      var select = h("select", {}, kinds.map(function (k) { return h("option", { value: k, text: k === "CUSTOM" ? "other (label it)" : kindName(k) }); }));
      var input = h("input", { type: "text" });
      body.appendChild(field("add-text", "Missed words", text, "Every occurrence in the case's documents will be replaced."));
      body.appendChild(field("add-kind", "Kind", select));
      body.appendChild(field("add-pseudonym", "Pseudonym (optional)", input, "Left empty, the tool picks one."));
      return function () { return { text: text.value.replace(/\s+/g, " ").trim(), kind: select.value, pseudonym: input.value.trim() }; };
    }, "Add").then(function (got) {
      if (got && got.text) {
        review.selection = null;
        decide({ op: "add", text: got.text, kind: got.kind, pseudonym: got.pseudonym || undefined },
          "Added. It is replaced when you publish (scan again to see it highlighted).");
      }
    });
  }

  document.addEventListener("selectionchange", function () {
    if (!review) { return; }
    var sel = window.getSelection();
    var docs = document.getElementById("docs");
    if (!sel || sel.isCollapsed || !docs || !docs.contains(sel.anchorNode)) { return; }
    var text = sel.toString().replace(/\s+/g, " ").trim();
    if (text && text.length <= 200) { review.selection = text; }
  });

  function step(by) {
    var marks = Array.prototype.filter.call(document.querySelectorAll("#docs mark.m"), function (e) { return !e.classList.contains("off"); });
    if (!marks.length) { return; }
    var at = marks.indexOf(document.getElementById(review.selected && review.selected.m));
    var next = marks[(at + by + marks.length) % marks.length];
    selectMention(parseInt(next.getAttribute("data-doc"), 10), next.id);
    next.scrollIntoView({ block: "center" });
  }

  document.addEventListener("keydown", function (e) {
    if (!review || !document.getElementById("actions") || dialog.open) { return; }
    var tag = e.target && e.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") { return; }
    if ((e.ctrlKey || e.metaKey) && e.key === "z") { e.preventDefault(); act("undo"); return; }
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var keys = { a: "accept", r: "reject", x: "mention", n: "rename", m: "merge", s: "split", t: "add", u: "undo" };
    if (keys[e.key]) { e.preventDefault(); act(keys[e.key]); }
    else if (e.key === "j") { e.preventDefault(); step(1); }
    else if (e.key === "k") { e.preventDefault(); step(-1); }
    else if (e.key === "/") { e.preventDefault(); var f = document.querySelector("#filters input"); if (f) { f.focus(); } }
  });

  // ---- screen: publish ----------------------------------------------------------------------

  function showPublish(id) {
    setTitle("Publish");
    setCrumbs([["Cases", "#/"], ["Case", "#/case/" + id], ["Publish", "#/case/" + id + "/publish"]]);
    return Promise.all([api("GET", caseUrl(id)), loadKinds()]).then(function (got) {
      var view = got[0];
      clear(main);
      var pdf = h("input", { type: "checkbox", id: "p-pdf", checked: !!view.case.pdf, disabled: !!view.case.pdf });
      var redline = h("input", { type: "checkbox", id: "p-redline" });
      var box = h("div", { id: "publish-job", className: "job", "aria-live": "polite" });
      var results = h("div", { id: "results" });
      var button = h("button", { type: "button", id: "publish", className: "primary", text: "Publish" });
      button.addEventListener("click", function () {
        api("POST", caseUrl(id, "/publish"), { pdf: pdf.checked, redline: redline.checked }).then(function (job) {
          watchJob(job.job, box, function (result) {
            say("Published. Read the verification and the statement below, then download the publication folder.", "ok");
            showResults(id, results, result, null);
          });
        }).catch(failed);
      });
      append(main, [
        h("h1", { text: "Publish" }),
        caseNav(id, 2),
        h("section", { className: "panel", "aria-labelledby": "pub-h" },
          h("h2", { id: "pub-h", text: "Redact and publish" }),
          h("p", { text: "Writes the redacted documents, the audit log and the publication statement into the case's publication " +
            "folder, applying your decisions, then verifies every output." }),
          h("div", { className: "field check" }, pdf, h("label", { "for": "p-pdf",
            text: "Also publish PDF copies (needs LibreOffice)" + (view.case.pdf ? "; the case file asks for them" : "") })),
          h("div", { className: "field check" }, redline, h("label", { "for": "p-redline",
            text: "Also write a redline of each Word document (every change as a tracked change; NOT FOR PUBLICATION)" })),
          button, box),
        results,
      ]);
      if (view.job && view.job.kind === "publish") {
        watchJob(view.job.id, box, function (result) { showResults(id, results, result, null); });
      } else if (view.published) {
        showResults(id, results, null, view);
      }
      focusHeading();
    });
  }

  function showResults(id, box, result, view) {
    clear(box);
    var reload = view ? Promise.resolve(view) : api("GET", caseUrl(id));
    var verify = result && result.verify ? Promise.resolve(result.verify) : api("GET", caseUrl(id, "/verify"));
    Promise.all([reload, verify, api("GET", caseUrl(id, "/statement")), api("GET", caseUrl(id, "/audit"))]).then(function (got) {
      var caseView = got[0], checked = got[1], statement = got[2], audit = got[3];
      if (result) {
        box.appendChild(h("section", { className: "panel", "aria-labelledby": "res-h" },
          h("h2", { id: "res-h", text: "Result" }),
          h("table", { className: "grid", id: "result-table" },
            h("thead", {}, h("tr", {}, ["Document", "Status", "Words", "Replacements", "Published as", "Note"].map(function (t) {
              return h("th", { scope: "col", text: t });
            }))),
            h("tbody", {}, result.files.map(function (f) {
              return h("tr", { className: "st-" + f.status }, h("td", { text: f.name }), h("td", { text: f.status }),
                h("td", { text: f.words === null ? "" : String(f.words) }), h("td", { text: f.edits === null ? "" : String(f.edits) }),
                h("td", { text: f.output }), h("td", { text: [f.reason].concat(f.notes).filter(Boolean).join("; ") }));
            }))),
          h("p", { text: "Replacements by kind: " + (Object.keys(result.counts).map(function (k) { return kindName(k) + " " + result.counts[k]; }).join(", ") || "none") }),
          h("p", { text: "People, places and organisations: " + result.entities + " (one pseudonym each)." }),
          result.decisions ? h("p", { text: "Decisions: " + result.decisions }) : null,
          h("p", { text: "Council area: " + (result.area ? result.area + " (" + result.area_source + "; kept as written)" : "none found; name it in the case file") }),
          result.pdfs.length ? h("ul", {}, result.pdfs.map(function (p) {
            return h("li", { text: p.name ? p.name + " (" + p.pages + " pages)" : p.document + ": no PDF: " + p.problem });
          })) : null));
      }
      var findings = checked.findings;
      box.appendChild(h("section", { className: "panel", "aria-labelledby": "ver-h", id: "verification" },
        h("h2", { id: "ver-h", text: "Verification" }),
        findings.length ? h("div", {},
          h("p", { className: "bad", text: findings.length + " finding(s) in " + checked.files + " file(s): the outputs still hold something identifying. " +
            "Do not publish; decide on them and publish again." }),
          h("table", { className: "grid" }, h("thead", {}, h("tr", {}, ["Document", "Where", "Kind", "Found by"].map(function (t) { return h("th", { scope: "col", text: t }); }))),
            h("tbody", {}, findings.map(function (f) {
              return h("tr", {}, h("td", { text: f.document }), h("td", { text: f.location }), h("td", { text: kindName(f.kind) }), h("td", { text: f.source }));
            }))))
          : h("p", { className: "good", id: "verify-clean", text: "Clean: " + checked.files + " file(s) checked; no known identifier and no fresh detection found. Still read every output yourself." })));
      box.appendChild(h("section", { className: "panel", "aria-labelledby": "audit-h", id: "audit" },
        h("h2", { id: "audit-h", text: "Audit log" }),
        audit.intact ? h("p", { className: "good", text: "Intact: " + audit.lines + " lines, " + audit.runs + " runs. Last line SHA-256: " }, h("code", { text: audit.head }))
          : h("div", {}, h("p", { className: "bad", text: audit.problems.length + " problem(s) in the audit log: it was changed or damaged after it was written; compare it with your backup." }),
            h("ul", {}, audit.problems.map(function (p) { return h("li", { text: p }); }))),
        h("p", { className: "hint", text: "Keep a note of the last line's SHA-256 elsewhere: the chain cannot show a later change to its own last line." })));
      box.appendChild(h("section", { className: "panel", "aria-labelledby": "dl-h" },
        h("h2", { id: "dl-h", text: "Download" }),
        h("p", {}, h("a", { href: caseUrl(id, "/publication.zip"), id: "download-zip", className: "button primary", download: "publication.zip",
          text: "Download the publication folder (zip)" })),
        h("p", { className: "hint", text: "The zip holds the redacted documents, their PDF copies and the statement; never the key, the redlines, the review data or the decisions." }),
        caseView.redlines.length ? h("div", { className: "redlines" },
          h("h3", { text: "Redlines \u2014 NOT FOR PUBLICATION" }),
          h("p", { text: "They hold the original text with every change marked. Keep them with the key." }),
          h("ul", {}, caseView.redlines.map(function (name) {
            return h("li", {}, h("a", { href: caseUrl(id, "/redline/" + encodeURIComponent(name)), className: "redline", download: "NOT-FOR-PUBLICATION-" + name,
              text: "Download " + name + " (NOT FOR PUBLICATION)" }));
          }))) : null));
      box.appendChild(h("section", { className: "panel", "aria-labelledby": "stmt-h" },
        h("h2", { id: "stmt-h", text: "Publication statement" }),
        h("p", { className: "hint", text: "redaction-statement.md, in the zip: for the QA Panel's sign-off." }),
        h("pre", { className: "statement", id: "statement", tabindex: "0", text: statement.text })));
    }).catch(failed);
  }

  // ---- routing ------------------------------------------------------------------------------

  function route() {
    if (state.poll) { clearTimeout(state.poll); state.poll = null; }
    var hash = location.hash || "#/";
    var parts = hash.replace(/^#\/?/, "").split("/");
    var shown;
    if (parts[0] === "case" && parts[1]) {
      if (parts[2] !== "review") { review = null; }
      shown = parts[2] === "review" ? showReview(parts[1]) : parts[2] === "publish" ? showPublish(parts[1]) : showCase(parts[1]);
    } else {
      review = null;
      shown = showCases();
    }
    shown.then(function () {
      if (parts[2] !== "review" && parts[2] !== "publish") { focusHeading(); }
    }).catch(function (error) {
      clear(main);
      main.appendChild(h("h1", { text: "Something went wrong" }));
      main.appendChild(h("p", { text: error.message }));
      main.appendChild(h("p", {}, h("a", { href: "#/", text: "Back to the cases" })));
    });
  }

  var lastHash = null;
  window.addEventListener("hashchange", function () {
    if (lastHash !== location.hash && !state.keepNotice) { say(""); }
    state.keepNotice = false;
    lastHash = location.hash;
    route();
  });
  lastHash = location.hash;
  route();
})();
