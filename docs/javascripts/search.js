/* chipbrief search: names first from the alias table (search/aliases/), then Pagefind's full text.
 *
 * Nothing of the index is fetched until a reader types. A query looks up its normalized form in one
 * shard of the alias table (exact names, then names it begins), then asks Pagefind once per search
 * group, so entity pages come before briefs, briefs before tag pages, tag pages before source
 * records, and those before every other page. The box (overrides/partials/search.html) shows the
 * first results; the results page (/search/?q=...) shows the same results in the same order, and
 * more. `/` or `s` focuses the box; arrows move through results; Enter opens one; Escape closes.
 *
 * Every string from the table or the index goes into the page as text (excerpts as text nodes and
 * <mark> elements made here), never as markup: content is untrusted.
 * normalize() and shardOf() must stay identical to chipbrief/search/aliases.py (a test checks).
 */
(function () {
  "use strict";

  var GROUPS = ["entity", "brief", "tag", "source", "other"];
  var BOX_SIZE = 10;
  var PAGE_SIZE = 20;
  var DELAY_MS = 120;
  var script = document.currentScript;
  var root = new URL("..", script.src); // this file is <site>/javascripts/search.js
  /* The page's language (chipbrief.i18n): a Chinese page (lang zh-Hans, under zh/) searches the Chinese
     pages and links names to them; an English page the English ones. The box carries this language's
     words for the strings below (data-cb-strings, from templates/i18n/<lang>.yaml); English is the key. */
  var LANG = (document.documentElement.lang || "en").toLowerCase().indexOf("zh") === 0 ? "zh" : "en";
  var PREFIX = LANG === "zh" ? "zh/" : "";
  var STRINGS = (function () {
    var box = document.getElementById("cb-search");
    try {
      return JSON.parse((box && box.getAttribute("data-cb-strings")) || "{}");
    } catch (error) {
      return {};
    }
  })();

  function t(text) {
    return Object.prototype.hasOwnProperty.call(STRINGS, text) ? STRINGS[text] : text;
  }

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase().normalize("NFD").replace(/[^\p{L}\p{N}]/gu, "").normalize("NFC");
  }

  function fnv1a(text) {
    var hash = 0x811c9dc5;
    var bytes = new TextEncoder().encode(text);
    for (var i = 0; i < bytes.length; i++) {
      hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  function shardOf(key, shards) {
    return fnv1a(key) % shards;
  }

  /* French elisions (d’, l’, qu’ ...) before a word: the bare word is searched as well. */
  function withoutElisions(query) {
    return query.replace(/(^|[\s("«“'‘])(?:qu|[cdjlmnst])['’](?=\p{L})/giu, "$1");
  }

  /* Chinese runs of three characters or more, also as overlapping pairs (英伟达 -> 英伟 伟达): Pagefind
     splits coined names differently in a sentence and in a query, and the pairs match either way. */
  function asPairs(query) {
    return query.replace(/[\p{Script=Han}]{3,}/gu, function (run) {
      var chars = Array.from(run);
      var pairs = [];
      for (var i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
      return " " + pairs.join(" ") + " ";
    }).replace(/\s+/g, " ").trim();
  }

  function Engine(settings) {
    this.folder = settings.aliases || "search/aliases";
    this.shards = Math.max(1, parseInt(settings.shards, 10) || 1);
    this.version = settings.version || "";
    this.shardCache = {};
    this.pagefindReady = null;
  }

  Engine.prototype.shard = function (number) {
    if (!this.shardCache[number]) {
      var url = new URL(this.folder + "/" + number + ".json?v=" + encodeURIComponent(this.version), root);
      this.shardCache[number] = fetch(url.href)
        .then(function (response) {
          return response.ok ? response.json() : { answers: {}, entries: [] };
        })
        .catch(function () {
          return { answers: {}, entries: [] };
        });
    }
    return this.shardCache[number];
  };

  Engine.prototype.names = function (query) {
    var key = normalize(query);
    if (!key) return Promise.resolve([]);
    return this.shard(shardOf(key, this.shards)).then(function (shard) {
      var found = Object.prototype.hasOwnProperty.call(shard.answers, key) ? shard.answers[key] : [];
      return found.map(function (index) {
        var entry = shard.entries[index];
        // entry: [url, title, detail, kind, detail in Chinese (for Chinese pages; empty: the English one)]
        var detail = (LANG === "zh" && entry[4]) || entry[2];
        return { url: new URL(PREFIX + entry[0], root).href, title: entry[1], detail: detail, excerpt: "", name: true };
      });
    });
  };

  Engine.prototype.pagefind = function () {
    if (!this.pagefindReady) {
      this.pagefindReady = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        // noWorker: Pagefind's web worker would add 43 KB to a reader's first query; searching
        // on the page itself takes milliseconds, even at 40,000 pages.
        return pagefind.options({ baseUrl: root.pathname, excerptLength: 24, noWorker: true }).then(function () {
          return pagefind.init();
        }).then(function () {
          return pagefind;
        });
      });
      var engine = this;
      this.pagefindReady.catch(function () {
        engine.pagefindReady = null; // try again on the next query
      });
    }
    return this.pagefindReady;
  };

  Engine.prototype.fullText = function (query) {
    var variants = [query];
    [withoutElisions(query), asPairs(query)].forEach(function (variant) {
      if (variant.trim() && variants.indexOf(variant) < 0) variants.push(variant);
    });
    return this.pagefind().then(function (pagefind) {
      return Promise.all(
        variants.map(function (variant) {
          return Promise.all(
            GROUPS.map(function (group) {
              return pagefind.search(variant, { filters: { group: group, lang: LANG } });
            })
          );
        })
      );
    }).then(function (byVariant) {
      var seen = {};
      var hits = [];
      byVariant.forEach(function (groups) {
        groups.forEach(function (answer) {
          (answer ? answer.results : []).forEach(function (hit) {
            if (!seen[hit.id]) {
              seen[hit.id] = true;
              hits.push(hit);
            }
          });
        });
      });
      return hits;
    });
  };

  /* One query's results: names first, then full-text hits, loaded (fragments fetched) only as shown. */
  function Results(names, hits) {
    this.rows = [];
    this.seen = {};
    this.hits = hits;
    this.next = 0;
    names.forEach(this.add, this);
  }

  Results.prototype.add = function (row) {
    var key = row.url.split("#")[0];
    if (!this.seen[key]) {
      this.seen[key] = true;
      this.rows.push(row);
    }
  };

  Results.prototype.more = function () {
    return this.next < this.hits.length;
  };

  Results.prototype.take = function (count) {
    var results = this;
    if (results.rows.length >= count || !results.more()) {
      return Promise.resolve(results.rows.slice(0, count));
    }
    var batch = results.hits.slice(results.next, results.next + (count - results.rows.length));
    results.next += batch.length;
    return Promise.all(
      batch.map(function (hit) {
        return hit.data();
      })
    ).then(function (pages) {
      pages.forEach(function (page) {
        results.add({
          url: new URL(page.url, root).href,
          title: (page.meta && page.meta.title) || page.url,
          detail: (page.meta && page.meta.kind) || "",
          excerpt: page.excerpt || "",
          name: false,
        });
      });
      return results.take(count);
    });
  };

  Engine.prototype.search = function (query) {
    var engine = this;
    return Promise.all([engine.names(query), engine.fullText(query)]).then(function (both) {
      return new Results(both[0], both[1]);
    });
  };

  /* An excerpt as text and <mark> elements only. Pagefind's excerpt is the page's plain text with
     < and > escaped and <mark> around the words found: it is split on the marks, and each piece
     becomes a text node (nothing in it is parsed as markup). */
  function excerptNodes(excerpt) {
    var out = document.createDocumentFragment();
    var mark = null;
    excerpt.split(/(<mark>|<\/mark>)/).forEach(function (piece) {
      if (piece === "<mark>") {
        mark = document.createElement("mark");
        out.appendChild(mark);
      } else if (piece === "</mark>") {
        mark = null;
      } else if (piece) {
        var text = piece.replace(/\u200b/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
        (mark || out).appendChild(document.createTextNode(text));
      }
    });
    return out;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function resultsPage(query) {
    return new URL(PREFIX + "search/?q=" + encodeURIComponent(query), root).href;
  }

  /* ---- The box in the header ---- */

  function Box(container, engine) {
    this.container = container;
    this.engine = engine;
    this.form = container.querySelector("form");
    this.input = container.querySelector("input[name=q]");
    this.list = container.querySelector(".md-search-result__list");
    this.meta = container.querySelector(".md-search-result__meta");
    this.toggle = document.getElementById("__search");
    this.placeholder = this.meta.textContent.trim();
    this.timer = null;
    this.serial = 0;
    this.pending = null;
    this.current = null;
    this.listen();
  }

  Box.prototype.open = function () {
    if (this.toggle && !this.toggle.checked) {
      this.toggle.checked = true;
      this.toggle.dispatchEvent(new Event("change"));
    }
  };

  Box.prototype.close = function () {
    if (this.toggle && this.toggle.checked) {
      this.toggle.checked = false;
      this.toggle.dispatchEvent(new Event("change"));
    }
    this.input.blur();
  };

  Box.prototype.links = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll("a"));
  };

  Box.prototype.schedule = function () {
    var box = this;
    clearTimeout(box.timer);
    box.timer = setTimeout(function () {
      box.run();
    }, DELAY_MS);
  };

  Box.prototype.run = function () {
    var box = this;
    var query = box.input.value.trim();
    var serial = ++box.serial;
    clearTimeout(box.timer);
    if (!query) {
      box.pending = null;
      box.current = null;
      box.list.textContent = "";
      box.meta.textContent = box.placeholder;
      box.container.removeAttribute("data-cb-query");
      return Promise.resolve([]);
    }
    box.meta.textContent = t("Searching…");
    box.pending = box.engine
      .search(query)
      .then(function (results) {
        return results.take(BOX_SIZE).then(function (rows) {
          if (serial !== box.serial) return rows;
          box.current = rows;
          box.render(query, rows, results.more() || results.rows.length > BOX_SIZE);
          return rows;
        });
      })
      .catch(function () {
        if (serial === box.serial) box.meta.textContent = t("Search could not load; try again.");
        return [];
      });
    return box.pending;
  };

  Box.prototype.render = function (query, rows, more) {
    var list = this.list;
    list.textContent = "";
    this.meta.textContent = rows.length ? t("Best matches: names first, then pages") : t("No matching pages");
    rows.forEach(function (row) {
      var item = element("li", "md-search-result__item");
      var link = element("a", "md-search-result__link");
      link.href = row.url;
      var article = element("article", "md-search-result__article md-typeset cb-search-hit");
      article.appendChild(element("div", "cb-search-hit__title", row.title));
      if (row.detail) article.appendChild(element("div", "cb-search-hit__kind", row.detail));
      if (row.excerpt) {
        var teaser = element("p", "cb-search-hit__excerpt");
        teaser.appendChild(excerptNodes(row.excerpt));
        article.appendChild(teaser);
      }
      link.appendChild(article);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (rows.length) {
      var all = element("li", "md-search-result__item cb-search-all");
      var link = element("a", "md-search-result__link", more ? t("See all results") : t("Open as a page"));
      link.href = resultsPage(query);
      all.appendChild(link);
      list.appendChild(all);
    }
    this.container.setAttribute("data-cb-query", query);
  };

  Box.prototype.go = function () {
    var box = this;
    var query = box.input.value.trim();
    if (!query) return;
    var ready = box.current && box.container.getAttribute("data-cb-query") === query ? Promise.resolve(box.current) : box.run();
    ready.then(function (rows) {
      window.location.href = rows && rows.length ? rows[0].url : resultsPage(query);
    });
  };

  Box.prototype.listen = function () {
    var box = this;
    box.input.addEventListener("input", function () {
      box.open();
      box.schedule(); // typing, pasting (keyboard or mouse), dropping text, IME composition ends
    });
    box.input.addEventListener("focus", function () {
      box.open();
    });
    // Tab out of the box (to the page, not to a result) closes it, so focus never sits behind an open overlay.
    // A tap on the results' empty space moves focus nowhere (relatedTarget null) and keeps it open.
    box.container.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (next && !box.container.contains(next)) box.close();
    });
    box.input.addEventListener("keydown", function (event) {
      if (event.isComposing) return;
      if (event.key === "ArrowDown") {
        var links = box.links();
        if (links.length) links[0].focus();
        event.preventDefault();
      } else if (event.key === "Enter") {
        event.preventDefault();
        box.go();
      } else if (event.key === "Escape") {
        event.preventDefault();
        box.close();
      }
    });
    box.list.addEventListener("keydown", function (event) {
      var links = box.links();
      var at = links.indexOf(document.activeElement);
      if (at < 0) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var next = at + (event.key === "ArrowDown" ? 1 : -1);
        if (next < 0) box.input.focus();
        else links[Math.min(next, links.length - 1)].focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        box.input.focus();
        box.close();
      }
    });
    box.form.addEventListener("submit", function (event) {
      event.preventDefault();
      box.go();
    });
    box.form.addEventListener("reset", function () {
      setTimeout(function () {
        box.run();
        box.input.focus();
      });
    });
    if (box.toggle) {
      box.toggle.addEventListener("change", function () {
        if (box.toggle.checked && document.activeElement !== box.input) box.input.focus();
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (event.key !== "/" && event.key !== "s" && event.key !== "S") return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      event.preventDefault();
      box.open();
      box.input.focus();
      box.input.select();
    });
  };

  /* ---- The results page: /search/?q=... ---- */

  function ResultsPage(container, engine, box) {
    var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
    var form = document.getElementById("cb-search-page");
    if (form && form.elements.q) form.elements.q.value = query;
    if (box && query) box.input.value = query;
    container.textContent = "";
    if (!query) {
      container.appendChild(element("p", "cb-search-status", t("Type a name, a model number or words to search for.")));
      return;
    }
    var status = element("p", "cb-search-status", t("Searching…"));
    var list = element("ol", "cb-search-results");
    var more = element("button", "md-button cb-search-more", t("More results"));
    more.type = "button";
    more.hidden = true;
    container.appendChild(status);
    container.appendChild(list);
    container.appendChild(more);
    engine
      .search(query)
      .then(function (results) {
        var shown = 0;
        function show(count) {
          more.disabled = true;
          return results.take(count).then(function (rows) {
            rows.slice(shown).forEach(function (row) {
              var item = element("li", "cb-search-result");
              var link = element("a", "cb-search-result__link", row.title);
              link.href = row.url;
              item.appendChild(link);
              if (row.detail) item.appendChild(element("span", "cb-search-result__kind", row.detail));
              if (row.excerpt) {
                var teaser = element("p", "cb-search-result__excerpt");
                teaser.appendChild(excerptNodes(row.excerpt));
                item.appendChild(teaser);
              }
              list.appendChild(item);
            });
            shown = rows.length;
            status.textContent = (shown ? t("Results for “%s”: names first, then pages.") : t("No page matches “%s”."))
              .split("%s")
              .join(query);
            more.hidden = !(results.more() || results.rows.length > shown);
            more.disabled = false;
            container.setAttribute("data-cb-done", String(shown));
          });
        }
        more.addEventListener("click", function () {
          show(shown + PAGE_SIZE);
        });
        return show(PAGE_SIZE);
      })
      .catch(function () {
        status.textContent = t("Search could not load; try again.");
        container.setAttribute("data-cb-done", "error");
      });
  }

  function start() {
    var container = document.getElementById("cb-search");
    if (!container) return;
    var engine = new Engine({
      aliases: container.getAttribute("data-cb-aliases"),
      shards: container.getAttribute("data-cb-shards"),
      version: container.getAttribute("data-cb-version"),
    });
    var box = new Box(container, engine);
    var page = document.getElementById("search-results");
    if (page) ResultsPage(page, engine, box);
    window.chipbriefSearch = { normalize: normalize, shardOf: shardOf, withoutElisions: withoutElisions, asPairs: asPairs };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
