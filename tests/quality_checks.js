// What a person sees on the current page, checked in the browser (tests/quality.py runs it).
// Returns {overflow, contrast, targets, language, references}: lists of short findings, empty
// when all is well.
// The Wagtail user bar (staff only, Wagtail's own markup) is left out.
(options) => {
  const MIN_CONTRAST = options.minContrast;
  const MIN_TARGET = options.minTarget;
  const ALLOWED_LATIN = new Set(options.allowedLatin);
  const html = document.documentElement;
  const pageIsChinese = html.lang.toLowerCase().startsWith("zh");
  const skipped = "script, style, noscript, template, wagtail-userbar, [data-wagtail-userbar]";

  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    else if (el.classList.length) name += "." + [...el.classList].join(".");
    const text = (el.innerText || el.value || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return text ? `${name} “${text}”` : name;
  };

  const styles = new Map();
  const styleOf = (el) => {
    if (!styles.has(el)) styles.set(el, getComputedStyle(el));
    return styles.get(el);
  };
  const clipped = new Map();
  const isClipped = (el) => {
    if (!el) return false;
    if (!clipped.has(el)) {
      const style = styleOf(el);
      const own = style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)";
      clipped.set(el, own || isClipped(el.parentElement));
    }
    return clipped.get(el);
  };
  const isShown = (el) => {
    if (el.closest(skipped)) return false;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) return false; // visually hidden (1 px clip)
    return !isClipped(el);
  };

  // Colours -------------------------------------------------------------------------------
  const parse = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const channel = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // The colour behind ``el``: its own and its ancestors' backgrounds, composed over white.
  // An ancestor with a background image makes the answer unknown (null).
  const backgroundOf = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const style = styleOf(node);
      if (style.backgroundImage && style.backgroundImage !== "none") return null;
      const colour = parse(style.backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const textColourOf = (el) => {
    const style = styleOf(el);
    const inSvg = el instanceof SVGElement;
    const colour = parse(inSvg ? style.fill : style.color);
    if (!colour) return null;
    let opacity = 1;
    for (let node = el; node; node = node.parentElement) opacity *= Number(styleOf(node).opacity);
    return { ...colour, a: colour.a * opacity };
  };

  // Text nodes ---------------------------------------------------------------------------
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest("select, option, datalist")) continue;
    if (!isShown(el)) continue;
    texts.push({ text, el });
  }

  const contrast = [];
  const seen = new Set();
  const checkContrast = (el) => {
    if (seen.has(el)) return;
    seen.add(el);
    const fg = textColourOf(el);
    const bg = backgroundOf(el);
    if (!fg || !bg) return;
    const value = ratio(over(fg, bg), bg);
    if (value < MIN_CONTRAST) contrast.push(`${describe(el)}: ${value.toFixed(2)}:1`);
  };
  texts.forEach(({ el }) => checkContrast(el));
  document.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((el) => {
    if (isShown(el) && !["checkbox", "radio", "file"].includes(el.type)) checkContrast(el);
  });

  // Overflow -----------------------------------------------------------------------------
  const overflow = [];
  const width = html.clientWidth;
  if (html.scrollWidth > width) {
    overflow.push(`page is ${html.scrollWidth}px wide in a ${width}px window`);
    document.querySelectorAll("body *").forEach((el) => {
      if (overflow.length > 6 || el.closest(skipped)) return;
      const rect = el.getBoundingClientRect();
      if (rect.right > width + 1 && rect.width > 0) {
        const inner = [...el.children].some((c) => c.getBoundingClientRect().right > width + 1);
        if (!inner) overflow.push(`${describe(el)} reaches ${Math.round(rect.right)}px`);
      }
    });
  }

  // Touch targets: buttons, and links that are a control of their own (navigation, lists,
  // chips, cards, pagers) rather than words inside a sentence.
  const targets = [];
  const primary = (el) => {
    if (el.matches("button, input[type=submit], input[type=button], .button, [role=button], summary"))
      return true;
    if (!el.matches("a[href]")) return false;
    if (el.closest("nav, header, footer, .chips, .cards, .pager, .pagination, .actions")) return true;
    const item = el.parentElement;
    return item && item.tagName === "LI" && item.firstElementChild === el;
  };
  document.querySelectorAll("a[href], button, input[type=submit], input[type=button], [role=button], summary").forEach((el) => {
    if (!primary(el) || !isShown(el)) return;
    const rect = el.getBoundingClientRect();
    if (rect.right <= 0 || rect.bottom <= 0) return; // off screen until focused (skip link)
    if (rect.height < MIN_TARGET - 0.5 || rect.width < MIN_TARGET - 0.5)
      targets.push(`${describe(el)}: ${Math.round(rect.width)}×${Math.round(rect.height)}px`);
  });

  // Language -----------------------------------------------------------------------------
  const language = [];
  const langOf = (el) => (el.closest("[lang]")?.getAttribute("lang") || "").toLowerCase();
  const chinese = /[\u3400-\u9fff\uf900-\ufaff]/;
  const exempt = "code, kbd, samp, pre, a[href^='tel:'], a[href^='mailto:'], [translate=no]";
  for (const { text, el } of texts) {
    // Hidden from screen readers (a chart drawn beside its table): no voice to choose.
    if (el.closest(exempt) || el.closest("[aria-hidden=true]")) continue;
    const lang = langOf(el);
    if (pageIsChinese) {
      if (!lang.startsWith("zh")) continue; // marked as another language on purpose
      const words = (text.match(/[A-Za-z][A-Za-z’']+/g) || []).filter(
        (w) => !ALLOWED_LATIN.has(w) && !/^(https?|www)$/i.test(w) && !text.includes("://"),
      );
      if (words.length) language.push(`English on a Chinese page: ${describe(el)}`);
    } else if (chinese.test(text) && !lang.startsWith("zh")) {
      language.push(`Chinese without lang="zh-hans": ${describe(el)}`);
    }
  }
  document.body.querySelectorAll("img[alt], [aria-label], [title], input[placeholder]").forEach((el) => {
    if (el.closest(skipped)) return;
    const lang = langOf(el);
    for (const attr of ["alt", "aria-label", "title", "placeholder"]) {
      const value = el.getAttribute(attr);
      if (!value) continue;
      if (pageIsChinese && lang.startsWith("zh")) {
        const words = (value.match(/[A-Za-z][A-Za-z’']+/g) || []).filter((w) => !ALLOWED_LATIN.has(w));
        if (words.length) language.push(`English ${attr} on a Chinese page: ${describe(el)} “${value}”`);
      } else if (!pageIsChinese && chinese.test(value) && !lang.startsWith("zh")) {
        language.push(`Chinese ${attr} without lang="zh-hans": ${describe(el)} “${value}”`);
      }
    }
  });

  // References: ids named by aria-describedby / aria-labelledby exist -------------------------
  const references = [];
  document.body.querySelectorAll("[aria-describedby], [aria-labelledby]").forEach((el) => {
    if (el.closest(skipped)) return;
    for (const attr of ["aria-describedby", "aria-labelledby"]) {
      for (const id of (el.getAttribute(attr) || "").split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) references.push(`${describe(el)}: ${attr} names missing #${id}`);
      }
    }
  });

  return { overflow, contrast, targets, language, references };
};
