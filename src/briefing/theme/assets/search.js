/* Briefing search: runs on the search page, over the index that briefing/search/index.py writes.
 *
 * The index is split into script files that call briefingSearch.manifest/terms/documents
 * when loaded; they are loaded by <script> tags (the browser refuses to fetch files on file://), only
 * once the reader has typed, and only the files the query needs.
 * Words are folded exactly as briefing/search/words.py folds them; the index maps each word to
 * its stem and to the entities it names, so no stemmer is needed here.
 * Text from the index comes from articles: it is only ever set with textContent.
 */
"use strict";

(function () {
  const PAGE_SIZE = 10;
  const MAX_COMPLETIONS = 20;  // words a prefix may expand to while typing
  const PREFIX_FACTOR = 0.8;  // a completed word counts less than the word typed
  const MAX_PHRASE_CHECKS = 200;  // candidates read at a time to verify a quoted phrase
  const SNIPPET_LENGTH = 240;
  const SUGGESTION_LETTERS = [[3, 1], [6, 2]];  // from 3 letters one may be amiss, from 6 two ("germny")

  const container = document.getElementById("search");
  if (!container) return;
  const input = document.getElementById("search-input");
  const form = document.getElementById("search-form");
  const status = document.getElementById("search-status");
  const results = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const root = container.dataset.root;

  const index = { manifest: null, terms: new Map(), documents: new Map(), fileStarts: new Map() };
  const scripts = new Map();
  let generation = 0;
  let current = null;  // the query shown: its ranked document numbers and how many are listed

  // The index files call these three when they load; words() is the folding they were built with.
  window.briefingSearch = {
    words,
    manifest(data) { index.manifest = data; },
    terms(number, data) { index.terms.set(number, data); },
    // A document file names only its block and place; its first number is known from the manifest.
    documents(name, records) {
      const first = index.fileStarts.get(name);
      records.forEach((record, offset) => { if (record) index.documents.set(first + offset, record); });
    },
  };

  function load(path) {
    if (!scripts.has(path)) {
      scripts.set(path, new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = root + path;
        script.onload = resolve;
        script.onerror = () => { scripts.delete(path); reject(new Error("could not load " + path)); };
        document.head.appendChild(script);
      }));
    }
    return scripts.get(path);
  }

  // Words: the same folding as words.words() in briefing/search/words.py.

  const ABBREVIATION = /(?<![\p{L}\p{N}])(?:\p{L}\.){2,}/gu;
  const POSSESSIVE = /['\u2019]s(?![\p{L}\p{N}])/gu;
  const WORD = /[\p{L}\p{N}]+/gu;
  // A word as written in a text, for highlighting: "U.K.", "Canada's", "Brăila".
  const WRITTEN_WORD = /(?:\p{L}\.){2,}|[\p{L}\p{N}\p{M}]+(?:['\u2019]s(?![\p{L}\p{N}]))?/gu;

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function words(text) {
    const folded = fold(text).replace(ABBREVIATION, (match) => match.replace(/\./g, "")).replace(POSSESSIVE, "");
    return folded.match(WORD) || [];
  }

  // The key of a word as written: what words() makes of it, without its regular expressions.
  function writtenKey(written) {
    const lowered = written.toLowerCase();
    const folded = /^[\x00-\x7f]*$/.test(lowered) ? lowered : fold(lowered);
    return folded.replace(/\./g, "").replace(/['\u2019]s$/, "");
  }

  function writtenWords(text) {
    return Array.from(text.matchAll(WRITTEN_WORD), (match) => ({
      start: match.index,
      end: match.index + match[0].length,
      word: writtenKey(match[0]),
    }));
  }

  // The query: quoted phrases and loose words; the last loose word may be unfinished.

  function parseQuery(query) {
    const pieces = query.replace(/[\u201c\u201d\u201e]/g, '"').split('"');
    const loose = [];
    const phrases = [];
    pieces.forEach((piece, position) => {
      if (position % 2) phrases.push(words(piece));
      else loose.push(...words(piece));
    });
    const typing = pieces.length % 2 === 1 && /[\p{L}\p{N}]$/u.test(query);
    return { loose, phrases: phrases.filter((phrase) => phrase.length), typing };
  }

  function isStopword(word) {
    return index.manifest.stopwords.includes(word);
  }

  function termFileOf(word) {
    const prefixes = index.manifest.termFiles;
    let best = -1;
    prefixes.forEach((prefix, number) => {
      if (word.startsWith(prefix) && (best < 0 || prefix.length > prefixes[best].length)) best = number;
    });
    return best;
  }

  function termFilesFor(word, asPrefix) {
    const numbers = new Set([termFileOf(word)]);
    if (asPrefix) index.manifest.termFiles.forEach((prefix, number) => { if (prefix.startsWith(word)) numbers.add(number); });
    numbers.delete(-1);
    return Array.from(numbers);
  }

  function termPath(number) {
    return index.manifest.termPath.replace("{}", number);
  }

  // The document file holding a number: blocks of numbers ([first number, name, numbers a file]) are in number
  // order, and a block's files each hold the same run of numbers. Numbers no document has are never asked for.
  function documentFile(number) {
    const blocks = index.manifest.documentBlocks;
    let low = 0;
    let high = blocks.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (blocks[middle][0] <= number) low = middle;
      else high = middle - 1;
    }
    const [start, name, perFile] = blocks[low];
    const place = Math.floor((number - start) / perFile);
    return { name: name + "-" + place, first: start + place * perFile };
  }

  // Terms: what one query word (or entity name) matches, as weighted keys.

  // Postings, as search.encode_postings writes them: per document, its gap to the previous
  // one (5 bits a character, lowest first; a character above 31 says more follow) and then
  // its weight level, read back as 2 ** (level / levelsPerDoubling). A weight is BM25 without
  // the term's idf, which is computed here from how many documents the term is in.
  function postingCodes() {
    if (!index.codes) {
      const { postingAlphabet, levelsPerDoubling } = index.manifest;
      const values = new Uint8Array(128);
      Array.from(postingAlphabet).forEach((character, value) => { values[character.charCodeAt(0)] = value; });
      const weights = Array.from(postingAlphabet, (_, level) => 2 ** (level / levelsPerDoubling));
      index.codes = { values, weights };
    }
    return index.codes;
  }

  function decodedPostings(data, key) {
    const cache = data.decoded || (data.decoded = new Map());
    if (!cache.has(key)) {
      const { values, weights } = postingCodes();
      const text = data.postings[key];
      const postings = { documents: [], weights: [] };
      for (let i = 0, documentNumber = 0; i < text.length;) {
        let gap = 0;
        for (let shift = 0, value = 32; value >= 32; shift += 5) {
          value = values[text.charCodeAt(i++)];
          gap += (value & 31) * 2 ** shift;
        }
        documentNumber += gap;
        postings.documents.push(documentNumber);
        postings.weights.push(weights[values[text.charCodeAt(i++)]]);
      }
      const found = postings.documents.length;
      const count = index.manifest.documentCount;  // documents, not numbers (some numbers have none)
      const idf = Math.log(1 + (count - found + 0.5) / (found + 0.5));
      postings.weights = postings.weights.map((weight) => weight * idf);
      cache.set(key, postings);
    }
    return cache.get(key);
  }

  // A term: the index keys it matches, and the words and names to mark in a snippet.
  function newTerm() {
    return { keys: new Map(), highlight: new Set(), names: [] };
  }

  function addKey(term, data, key, factor) {
    const known = term.keys.get(key);
    if (!known || known.factor < factor) term.keys.set(key, { data, factor });
    (data.names[key] || []).forEach((name) => {
      if (name.length === 1) term.highlight.add(name[0]);
      else term.names.push(name);
    });
  }

  function wordTerm(word, asPrefix) {
    const term = newTerm();
    term.highlight.add(word);
    for (const number of termFilesFor(word, asPrefix)) {
      const data = index.terms.get(number);
      (data.words[word] || []).forEach((key) => addKey(term, data, key, 1));
      if (asPrefix) {
        completions(data, word).forEach((completion) => {
          term.highlight.add(completion);
          data.words[completion].forEach((key) => addKey(term, data, key, PREFIX_FACTOR));
        });
      }
      // Other forms of the same stem are highlighted too ("agreement", "agreements").
      Object.entries(data.words).forEach(([other, keys]) => {
        if (keys.some((key) => !key.startsWith("@") && term.keys.has(key))) term.highlight.add(other);
      });
    }
    return term;
  }

  // How many documents hold a word of a term file (through its most frequent key).
  function popularity(data, word) {
    return Math.max(...data.words[word].map((key) => data.postings[key].length));
  }

  // The words of a term file that complete a prefix, those in most documents first.
  function completions(data, prefix) {
    return Object.keys(data.words)
      .filter((word) => word !== prefix && word.startsWith(prefix))
      .map((word) => [popularity(data, word), word])
      .sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1))
      .slice(0, MAX_COMPLETIONS)
      .map(([, word]) => word);
  }

  // Loose words that spell an entity's name ("united kingdom") become one term for it.
  function entityAt(looseWords, position) {
    const number = termFileOf(looseWords[position]);
    const data = index.terms.get(number);
    const entries = (data && data.phrases[looseWords[position]]) || [];
    let best = null;
    for (const [nameWords, key] of entries) {
      const fits = nameWords.every((word, offset) => looseWords[position + offset] === word);
      if (fits && (!best || nameWords.length > best.length)) best = { length: nameWords.length, key, data };
    }
    if (!best) return null;
    const term = newTerm();
    addKey(term, best.data, best.key, 1);
    return { term, length: best.length };
  }

  function buildTerms(parsed) {
    const terms = [];
    const loose = parsed.loose;
    for (let position = 0; position < loose.length;) {
      const entity = entityAt(loose, position);
      if (entity) {
        terms.push(entity.term);
        position += entity.length;
        continue;
      }
      const word = loose[position];
      const last = position === loose.length - 1;
      if (!isStopword(word)) terms.push(wordTerm(word, last && parsed.typing && word.length >= index.manifest.minPrefix));
      position += 1;
    }
    parsed.phrases.forEach((phrase) => phrase.filter((word) => !isStopword(word)).forEach((word) => terms.push(wordTerm(word, false))));
    return terms;
  }

  function neededTermFiles(parsed) {
    const numbers = new Set();
    parsed.loose.forEach((word, position) => {
      const asPrefix = position === parsed.loose.length - 1 && parsed.typing && word.length >= index.manifest.minPrefix;
      termFilesFor(word, asPrefix).forEach((number) => numbers.add(number));
    });
    parsed.phrases.flat().forEach((word) => termFilesFor(word, false).forEach((number) => numbers.add(number)));
    return Array.from(numbers);
  }

  // Ranking: a document's score is the sum over terms of its best weight for each term.
  // Arrays indexed by document number keep this fast with tens of thousands of matches.
  function rank(terms) {
    const count = index.manifest.numberCount;  // numbers, some with no document: arrays indexed by number
    const scores = new Float64Array(count);
    const matched = new Uint8Array(count);
    const best = new Float64Array(count);
    const found = [];
    for (const term of terms) {
      const termDocuments = [];
      term.keys.forEach(({ data, factor }, key) => {
        const postings = decodedPostings(data, key);
        postings.documents.forEach((documentNumber, position) => {
          const score = postings.weights[position] * factor;
          if (best[documentNumber] === 0) termDocuments.push(documentNumber);
          if (score > best[documentNumber]) best[documentNumber] = score;
        });
      });
      for (const documentNumber of termDocuments) {
        if (matched[documentNumber] === 0) found.push(documentNumber);
        scores[documentNumber] += best[documentNumber];
        matched[documentNumber] += 1;
        best[documentNumber] = 0;
      }
    }
    const complete = found.filter((documentNumber) => matched[documentNumber] === terms.length);
    // When no document has every word, the ones with most of them come first.
    const ranked = complete.length ? complete : found;
    // Articles are numbered by the day they arrived: of two as good, the later comes first (of one day, the one
    // placed later in the day's numbers).
    ranked.sort((a, b) => matched[b] - matched[a] || scores[b] - scores[a] || b - a);
    return { ranked, allWords: complete.length > 0 || terms.length < 2 };
  }

  // Showing results: the passage that holds most query words, with the words marked.

  // The words of a text that a term matches: {start, end, term}; a name of several words is one match.
  function matchesIn(text, terms) {
    const written = writtenWords(text);
    const sequence = written.map((item) => item.word);
    const found = [];
    for (let position = 0; position < written.length; position += 1) {
      for (const [number, term] of terms.entries()) {
        const name = term.names.find((nameWords) => nameWords.every((word, offset) => sequence[position + offset] === word));
        const length = name ? name.length : term.highlight.has(sequence[position]) ? 1 : 0;
        if (length) {
          found.push({ start: written[position].start, end: written[position + length - 1].end, term: number });
          position += length - 1;
          break;
        }
      }
    }
    return found;
  }

  // Where the phrase starts in the text (-1 if it is not there), the words compared as folded.
  function phraseAt(text, phrase) {
    const written = writtenWords(text);
    const start = written.findIndex((_, position) => phrase.every((word, offset) => written[position + offset] && written[position + offset].word === word));
    return start < 0 ? -1 : written[start].start;
  }

  function bestPassage(record, terms, phrases) {
    const [, title, , passages] = record;
    const required = phrases.filter((phrase) => phraseAt(title, phrase) < 0);
    let best = null;
    passages.forEach(([anchor, text]) => {
      const phraseStarts = required.map((phrase) => phraseAt(text, phrase));
      if (phraseStarts.some((start) => start < 0)) return;
      const found = matchesIn(text, terms);
      const score = new Set(found.map((match) => match.term)).size * 1000 + found.length;
      const focus = phraseStarts.length ? phraseStarts[0] : found.length ? found[0].start : 0;
      if (!best || score > best.score) best = { anchor, text, found, score, focus };
    });
    return best;
  }

  // About SNIPPET_LENGTH characters of the passage around its focus, cut between words.
  function snippetRange(text, focus) {
    if (text.length <= SNIPPET_LENGTH) return [0, text.length];
    let start = Math.max(0, Math.min(focus - SNIPPET_LENGTH / 3, text.length - SNIPPET_LENGTH));
    let end = Math.min(text.length, start + SNIPPET_LENGTH);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    return [start, end];
  }

  function snippetElement(passage) {
    const paragraph = document.createElement("p");
    paragraph.className = "search-snippet";
    const [start, end] = snippetRange(passage.text, passage.focus);
    let cursor = start;
    const addText = (text) => paragraph.appendChild(document.createTextNode(text));
    if (start > 0) addText("\u2026 ");
    passage.found.filter((written) => written.start >= start && written.end <= end).forEach((written) => {
      addText(passage.text.slice(cursor, written.start));
      const mark = document.createElement("mark");
      mark.textContent = passage.text.slice(written.start, written.end);
      paragraph.appendChild(mark);
      cursor = written.end;
    });
    addText(passage.text.slice(cursor, end));
    if (end < passage.text.length) addText(" \u2026");
    return paragraph;
  }

  function resultElement(record, passage) {
    const [kind, title, path, , language] = record;
    const item = document.createElement("li");
    item.className = "search-result";
    const link = document.createElement("a");
    link.className = "search-title";
    link.href = root + path + (passage.anchor ? "#" + passage.anchor : "");
    link.textContent = title;
    const label = document.createElement("span");
    label.className = "search-kind";
    label.textContent = index.manifest.kinds[kind];
    const snippet = snippetElement(passage);
    // An article in another language than the site's: its title and words marked so (hyphenation, voices), and
    // run the way their own letters do (Arabic's and Hebrew's right to left).
    if (language) {
      link.lang = snippet.lang = language;
      link.dir = snippet.dir = "auto";
    }
    item.append(link, " ", label, snippet);
    return item;
  }

  async function loadDocuments(documentNumbers) {
    const files = new Map(documentNumbers.map((number) => {
      const file = documentFile(number);
      return [file.name, file.first];
    }));
    files.forEach((first, name) => index.fileStarts.set(name, first));
    await Promise.all(Array.from(files.keys(), (name) => load(index.manifest.documentPath.replace("{}", name))));
  }

  // The next page of results; a quoted phrase must be found in the text itself, so at most MAX_PHRASE_CHECKS
  // candidates are read at a time (the rest wait for "Show more results"), and none once another query is typed.
  async function nextPage(search, shownGeneration) {
    const page = [];
    const last = search.phrases.length ? search.next + MAX_PHRASE_CHECKS : search.ranked.length;
    while (page.length < PAGE_SIZE && search.next < Math.min(last, search.ranked.length) && shownGeneration === generation) {
      const batch = search.ranked.slice(search.next, Math.min(last, search.next + PAGE_SIZE - page.length));
      search.next += batch.length;
      await loadDocuments(batch);
      for (const documentNumber of batch) {
        const record = index.documents.get(documentNumber);
        const passage = bestPassage(record, search.terms, search.phrases);
        if (passage) page.push(resultElement(record, passage));
      }
    }
    return page;
  }

  async function show(search, shownGeneration, replace) {
    const page = await nextPage(search, shownGeneration);
    if (shownGeneration !== generation) return;
    if (replace) results.replaceChildren(...page);
    else results.append(...page);
    search.listed += page.length;
    more.hidden = search.next >= search.ranked.length;
    status.textContent = describe(search);
  }

  // A count as the pages write it: "13,288".
  function counted(number) {
    return number.toLocaleString("en");
  }

  function describe(search) {
    const query = "\u201c" + search.query.trim() + "\u201d";
    if (!search.terms.length) return "No results for " + query + ": its words are too common to search for; add a more telling one.";
    const verifying = search.phrases.length > 0;
    // A phrase's candidates not read yet may hold it: the count is of those read, and says how many they are.
    const unread = verifying && !more.hidden;
    const read = unread ? " (" + counted(search.next) + " of the " + counted(search.ranked.length) + " pages with its words read)" : "";
    const total = verifying ? search.listed : search.ranked.length;
    const count = !search.listed ? "No results" : total === 1 ? "1 result" : counted(total) + " results";
    const some = search.allWords || !search.listed ? "" : " (no page has all the words; these have some of them)";
    return count + (unread ? " so far" : "") + " for " + query + read + some + ".";
  }

  // For a query that finds nothing, the same query with each word the index lacks replaced by the closest
  // word that starts with the same two letters ("germny" by "germany"): fewest letters amiss, then in most
  // documents. Null if there is none.
  async function suggestion(parsed) {
    const lacking = parsed.loose.filter((word) => !isStopword(word) && !indexed(word) && allowedAmiss(word) > 0);
    if (!lacking.length) return null;
    await Promise.all(lacking.flatMap(neighbourFiles).map((number) => load(termPath(number))));
    let changed = false;
    const suggested = parsed.loose.map((word) => {
      const close = lacking.includes(word) ? closestWord(word) : null;
      changed = changed || close !== null;
      return close || word;
    });
    return changed ? suggested.join(" ") : null;
  }

  function indexed(word) {
    const data = index.terms.get(termFileOf(word));
    return Boolean(data && data.words[word]);
  }

  function allowedAmiss(word) {
    return SUGGESTION_LETTERS.reduce((most, [length, amiss]) => (word.length >= length ? amiss : most), 0);
  }

  // The term files of the words that start with the same two letters as this one.
  function neighbourFiles(word) {
    const start = word.slice(0, 2);
    const numbers = [];
    index.manifest.termFiles.forEach((prefix, number) => {
      if (prefix.startsWith(start) || start.startsWith(prefix)) numbers.push(number);
    });
    return numbers;
  }

  function closestWord(word) {
    const allowed = allowedAmiss(word);
    let best = null;
    for (const number of neighbourFiles(word)) {
      const data = index.terms.get(number);
      for (const other of Object.keys(data.words)) {
        if (!other.startsWith(word.slice(0, 2)) || Math.abs(other.length - word.length) > allowed) continue;
        const amiss = editDistance(word, other);
        if (amiss > allowed) continue;
        const score = [amiss, -popularity(data, other), other];
        if (!best || before(score, best)) best = score;
      }
    }
    return best ? best[2] : null;
  }

  // Whether one score comes before another: by its first part, then the next.
  function before(score, other) {
    const differing = score.findIndex((part, place) => part !== other[place]);
    return differing >= 0 && score[differing] < other[differing];
  }

  // Letters added, removed, replaced or swapped with the next one to make one word the other.
  function editDistance(a, b) {
    const rows = [];
    for (let i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (let j = 1; j <= b.length; j++) {
        if (i === 0) { rows[0].push(j); continue; }
        let cost = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, rows[i - 2][j - 2] + 1);
        rows[i].push(cost);
      }
    }
    return rows[a.length][b.length];
  }

  function offerSuggestion(suggested) {
    const item = document.createElement("li");
    item.className = "search-suggestion";
    const link = document.createElement("a");
    link.className = "search-title";
    link.href = "?q=" + encodeURIComponent(suggested);
    link.textContent = suggested;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      input.value = suggested;
      search(suggested);
    });
    item.append("Did you mean ", link, "?");
    results.replaceChildren(item);
  }

  async function run(query) {
    const thisGeneration = ++generation;
    const parsed = parseQuery(query);
    if (!parsed.loose.length && !parsed.phrases.length) {
      results.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    if (!index.manifest) await load(container.dataset.manifest);
    await Promise.all(neededTermFiles(parsed).map((number) => load(termPath(number))));
    if (thisGeneration !== generation) return;
    const terms = buildTerms(parsed);
    const { ranked, allWords } = terms.length ? rank(terms) : { ranked: [], allWords: true };
    current = { query, terms, phrases: parsed.phrases, ranked, allWords, next: 0, listed: 0 };
    await show(current, thisGeneration, true);
    const suggested = !ranked.length && terms.length && !parsed.phrases.length ? await suggestion(parsed) : null;
    if (suggested && thisGeneration === generation) offerSuggestion(suggested);
  }

  function search(query) {
    try {
      const url = new URL(window.location.href);
      url.searchParams.set("q", query);
      window.history.replaceState(null, "", url);
    } catch (error) {
      // Some browsers refuse history changes on file:// pages; the search works without.
    }
    run(query).catch((error) => {
      status.textContent = "Search is not available: " + error.message + ".";
    });
  }

  // Keyboard: arrows move between the input and the results; Escape returns to the input.
  function onKeyDown(event) {
    const links = Array.from(results.querySelectorAll("a.search-title"));
    const position = links.indexOf(document.activeElement);
    let target = null;
    if (event.key === "ArrowDown") target = event.target === input ? links[0] : links[position + 1];
    else if (event.key === "ArrowUp" && position >= 0) target = position === 0 ? input : links[position - 1];
    else if (event.key === "Escape" && position >= 0) target = input;
    if (target) {
      event.preventDefault();
      target.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search(input.value);
  });
  input.addEventListener("input", () => search(input.value));
  // The manifest is small and every query needs it: fetch it once the reader is about to type.
  input.addEventListener("focus", () => { load(container.dataset.manifest).catch(() => {}); }, { once: true });
  more.addEventListener("click", () => { if (current) show(current, generation, false); });
  container.addEventListener("keydown", onKeyDown);

  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
