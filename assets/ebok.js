// eBOK browser helpers: the virtual keyboard and the inactivity timer. No data leaves the page here.
(function () {
  "use strict";
  if (window.ebok) return;
  let lastField = null;
  function mark(el) {
    document.querySelectorAll("input[data-vk-current]").forEach(function (other) {
      other.removeAttribute("data-vk-current");
    });
    lastField = el;
    if (el) el.setAttribute("data-vk-current", "1");
  }
  document.addEventListener("focusin", function (event) {
    const el = event.target;
    if (el && el.matches && el.matches("input[data-vk]")) mark(el);
  });

  function setValue(el, value) {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    setter.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function nextBox(el) {
    const boxes = Array.from(document.querySelectorAll("input[data-vk-box]:not([disabled])"));
    const i = boxes.indexOf(el);
    return i >= 0 && i + 1 < boxes.length ? boxes[i + 1] : null;
  }

  // Typing a character in a password box moves on to the next box, after the last one to the code.
  // Only the person's own typing (isTrusted): the virtual keyboard moves on without focus().
  document.addEventListener("input", function (event) {
    const el = event.target;
    if (!event.isTrusted || !el || !el.matches || !el.matches("input[data-vk-box]") || !el.value) return;
    const next = nextBox(el) || document.querySelector("input[name=code]");
    if (next) next.focus();
  });

  function target() {
    if (lastField && document.body.contains(lastField) && !lastField.disabled) return lastField;
    return document.querySelector("input[data-vk]:not([disabled])");
  }

  const keyboard = {
    type: function (ch) {
      const el = target();
      if (!el) return;
      // No focus() here: on a phone it would open the system keyboard the user chose to avoid.
      if (el.hasAttribute("data-vk-box")) {
        setValue(el, ch);
        mark(nextBox(el) || el);
        return;
      }
      const max = el.maxLength > 0 ? el.maxLength : 1e9;
      if (el.value.length < max) setValue(el, el.value + ch);
      mark(el);
    },
    backspace: function () {
      const el = target();
      if (!el) return;
      setValue(el, el.value.slice(0, -1));
    },
  };

  // Inactivity: warn a minute before the limit, sign out at the limit. The server enforces the same
  // limit on every event; activity in the page pings the server at most once a minute.
  const idle = { timer: null, warnTimer: null, lastPing: Date.now() };
  function idleConfig() {
    const el = document.getElementById("ebok-idle");
    return el ? parseInt(el.getAttribute("data-timeout"), 10) * 1000 : 0;
  }
  // The warning counts the seconds down; screen readers hear it from an alert region that is always in
  // the page (components/shell.py): the whole warning first, then the time left at a few steps.
  const SPOKEN_AT = [60, 30, 10];
  // The texts come from the page in the tab's language (components/shell.py, #ebok-idle's data-*):
  // the Polish plural rule picks one of three forms; English gives "seconds" for both "few" and "many".
  function idleText(name, fallback) {
    const el = document.getElementById("ebok-idle");
    return (el && el.getAttribute("data-" + name)) || fallback;
  }
  function seconds(n) {
    const tens = n % 100;
    const form = n === 1 ? "one" : n % 10 >= 2 && n % 10 <= 4 && (tens < 12 || tens > 14) ? "few" : "many";
    return idleText("seconds-" + form, "{n} s").replace("{n}", n);
  }
  function tick() {
    const left = Math.max(0, Math.round((idle.deadline - Date.now()) / 1000));
    const shown = document.getElementById("ebok-idle-countdown");
    if (shown) shown.textContent = left + " s";
    const spoken = document.getElementById("ebok-idle-live");
    if (!spoken) return;
    if (spoken.textContent === "") {
      spoken.textContent = idleText("warning", "{time}").replace("{time}", seconds(left));
    } else if (SPOKEN_AT.indexOf(left) >= 0) {
      spoken.textContent = idleText("left", "{time}").replace("{time}", seconds(left));
    }
  }
  function showWarning(show) {
    const el = document.getElementById("ebok-idle-warning");
    if (el) el.style.display = show ? "flex" : "none";
    clearInterval(idle.countdown);
    const spoken = document.getElementById("ebok-idle-live");
    if (spoken && spoken.textContent !== "") spoken.textContent = "";
    if (show) {
      tick();
      idle.countdown = setInterval(tick, 1000);
    }
  }
  function armIdle() {
    clearTimeout(idle.timer);
    clearTimeout(idle.warnTimer);
    const limit = idleConfig();
    if (!limit) return;
    const warnAt = Math.max(limit - 60000, Math.floor(limit * 0.6));
    idle.deadline = Date.now() + limit;
    idle.warnTimer = setTimeout(function () { showWarning(true); }, warnAt);
    idle.timer = setTimeout(function () {
      const out = document.getElementById("ebok-idle-logout");
      if (out) out.click();
    }, limit);
  }
  function activity() {
    if (!idleConfig()) return;
    showWarning(false);
    armIdle();
    if (Date.now() - idle.lastPing > 60000) {
      idle.lastPing = Date.now();
      const ping = document.getElementById("ebok-keepalive");
      if (ping) ping.click();
    }
  }
  ["mousedown", "keydown", "touchstart", "input", "wheel"].forEach(function (name) {
    document.addEventListener(name, activity, { passive: true, capture: true });
  });
  // Filter panels come folded (a phone keeps them so) and a desktop opens them; the style sheet already
  // shows a desktop their content, so that opening them moves nothing.
  function foldFilters() {
    document.querySelectorAll("details.ebok-filters:not([data-folded])").forEach(function (el) {
      el.setAttribute("data-folded", "1");
      if (window.innerWidth >= 768) el.open = true; // never closed here: a phone may have opened it already
    });
  }
  // A file input of a drop zone is named by the zone's own words (screen readers, WCAG 4.1.2).
  function nameFileInputs() {
    document.querySelectorAll("input[type=file]:not([aria-label])").forEach(function (el) {
      const zone = el.parentElement;
      const words = zone ? zone.textContent.trim() : "";
      el.setAttribute("aria-label", words || "Wybierz pliki");
    });
  }
  // The skip link moves the focus itself: the router makes it a client-side link ("/page/#tresc") that
  // would keep the focus on it. Caught before the router's own handler (capture), which then stands back.
  document.addEventListener("click", function (event) {
    const link = event.target.closest ? event.target.closest("a.ebok-skip") : null;
    const target = link ? document.getElementById(link.getAttribute("href").split("#")[1]) : null;
    if (!target) return;
    event.preventDefault();
    target.focus();
  }, true);

  // A scroll hint above a table is shown only while the table is wider than its box.
  function markOverflow() {
    document.querySelectorAll(".ebok-scroll").forEach(function (box) {
      const hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("ebok-scroll-hint")) return;
      const overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows !== hint.hasAttribute("data-overflows")) hint.toggleAttribute("data-overflows", overflows);
    });
  }
  window.addEventListener("resize", markOverflow);
  // The forecast's chart is drawn once its place comes into view (plotly is heavy on a phone).
  const chartWatch = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      const show = document.getElementById("ebok-chart-show");
      if (entry.isIntersecting && show) show.click();
    });
  }, { rootMargin: "200px" }) : null;
  function watchChart() {
    const slot = document.getElementById("ebok-chart-slot");
    if (chartWatch && slot && slot.dataset.watched !== "1") {
      slot.dataset.watched = "1";
      chartWatch.observe(slot);
    }
  }
  // Once per frame however many changes React makes (markOverflow measures the layout), before the paint.
  let checkQueued = false;
  function checkPage() {
    checkQueued = false;
    foldFilters();
    watchChart();
    markOverflow();
    nameFileInputs();
    const el = document.getElementById("ebok-idle");
    if (el && el.dataset.armed !== "1") {
      el.dataset.armed = "1";
      idle.lastPing = Date.now();
      armIdle();
    }
  }
  const observer = new MutationObserver(function () {
    if (checkQueued) return;
    checkQueued = true;
    window.requestAnimationFrame(checkPage);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });

  // A file from the backend's HTTP route (a signed, short-lived ticket in the path): the backend's
  // address is resolved as Reflex resolves its own (a "localhost" API URL means this page's host).
  function download(apiUrl, path) {
    const url = new URL(path, apiUrl);
    if (["localhost", "0.0.0.0", "::", "0:0:0:0:0:0:0:0"].includes(url.hostname)) {
      url.hostname = window.location.hostname;
      if (window.location.protocol === "https:") {
        url.protocol = "https:";
        url.port = "";
      }
    }
    window.location.assign(url.toString());
  }

  // The page's language for screen readers and the browser (the portal's switch keeps the choice in
  // localStorage under ebok_locale; the server calls setLanguage when it changes).
  function setLanguage(code) {
    if (code === "pl" || code === "en") document.documentElement.lang = code;
  }
  try {
    setLanguage(String(localStorage.getItem("ebok_locale") || "").replace(/"/g, ""));
  } catch (error) {
    // storage refused (private mode): the page stays in its default language
  }

  window.ebok = { keyboard: keyboard, armIdle: armIdle, download: download, setLanguage: setLanguage };
})();
