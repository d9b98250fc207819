/* Moksori coding screen: turn a mouse selection inside one passage into character offsets.
 * Offsets count Unicode code points, as Python does, so the server can check them against the
 * passage text. No inline script is allowed by the CSP, so everything is wired here by delegation. */
(function () {
  "use strict";

  function passageTextOf(node) {
    var element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(".passage-text") : null;
  }

  function offsetWithin(container, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return Array.from(range.toString()).length;
  }

  function field(name) {
    return document.getElementById("id_" + name);
  }

  function showSelection(anchor, start, end) {
    var preview = document.getElementById("selection-preview");
    if (!preview) { return; }
    if (anchor === null) {
      preview.textContent = preview.dataset.empty || "";
      preview.classList.remove("active");
      return;
    }
    preview.textContent = (preview.dataset.template || "")
      .replace("%(anchor)s", anchor).replace("%(start)s", start).replace("%(end)s", end);
    preview.classList.add("active");
  }

  function clearSpan() {
    var start = field("span_start"), end = field("span_end");
    if (start) { start.value = ""; }
    if (end) { end.value = ""; }
    document.querySelectorAll(".passage.selecting").forEach(function (el) { el.classList.remove("selecting"); });
    showSelection(null);
  }

  function captureSelection() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    var container = passageTextOf(range.startContainer);
    if (!container || container !== passageTextOf(range.endContainer)) { return; }
    var start = offsetWithin(container, range.startContainer, range.startOffset);
    var end = offsetWithin(container, range.endContainer, range.endOffset);
    if (end <= start || !field("span_start")) { return; }
    clearSpan();
    field("span_start").value = String(start);
    field("span_end").value = String(end);
    field("passage").value = container.dataset.passageId;
    container.closest(".passage").classList.add("selecting");
    showSelection(container.dataset.anchor, start, end);
  }

  document.addEventListener("mouseup", captureSelection);
  document.addEventListener("keyup", captureSelection);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "id_passage") { clearSpan(); }
  });
})();
