/* Trailhead quick exit, after GOV.UK's "Exit this page" component.
 * - Activating an exit link, or pressing Shift on its own three times with no more than
 *   5 seconds between presses, covers the page at once and replaces it in the history
 *   with the neutral site, so Back from there does not return here.
 * - Progress is announced in the visually hidden status region.
 * - Nothing is stored and nothing is sent anywhere. Without JavaScript the links still work. */
(function () {
  "use strict";
  var WINDOW_MS = 5000;
  var presses = 0;
  var shiftDown = false;
  var timer = null;
  var savedTitle = null;

  // Elements are looked up when needed (not kept), so the page body may be replaced.
  function firstLink() {
    return document.querySelector("a[data-quick-exit]");
  }

  function say(text) {
    var status = document.getElementById("quick-exit-status");
    if (status) status.textContent = text;
  }

  function reset() {
    presses = 0;
    shiftDown = false;
    if (timer) clearTimeout(timer);
    timer = null;
    say("");
  }

  function exit(event, link) {
    link = link || firstLink();
    if (!link) return;
    if (event) event.preventDefault();
    if (savedTitle === null) savedTitle = document.title;
    document.documentElement.classList.add("quick-exit-active");
    document.body.hidden = true;
    document.title = "";
    reset();
    window.location.replace(link.href);
  }

  function restore() {
    document.documentElement.classList.remove("quick-exit-active");
    document.body.hidden = false;
    if (savedTitle !== null) document.title = savedTitle;
    savedTitle = null;
    reset();
  }

  // The words, in the page's language, come from the quick-exit box's data attributes.
  function words(name, fallback) {
    var box = document.querySelector(".quick-exit");
    return (box && box.dataset[name]) || fallback;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-quick-exit]");
    if (link && event.button === 0 && !event.metaKey && !event.ctrlKey) exit(event, link);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) shiftDown = true;
      return;
    }
    // Any other key, or Shift used as a modifier, starts the count again.
    if (presses || shiftDown) reset();
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift" || !shiftDown) return;
    shiftDown = false;
    presses += 1;
    if (timer) clearTimeout(timer);
    if (presses >= 3) {
      say(words("exiting", "Exiting this page."));
      exit(null, firstLink());
      return;
    }
    var left = 3 - presses;
    say(words(left === 1 ? "pressOne" : "pressOther", "Shift, press {n} more times to exit.").replace("{n}", left));
    timer = setTimeout(reset, WINDOW_MS);
  });

  // A browser may bring this page back from its cache (Back after exiting). Show it again
  // only then; the reader chose to come back.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) restore();
  });
})();
