// clusterchain report: pan and zoom for the inline diagrams. Nothing is
// loaded from elsewhere; without this script every diagram is still shown
// whole, at the width of the page.
(function () {
  "use strict";
  var MAX = 24;
  var words = document.documentElement.lang.indexOf("zh") === 0 ?
    { zin: "放大", zout: "缩小", fit: "全图", hint: "用右上角按钮、Ctrl+滚轮或双击缩放（Shift+双击缩小）；放大后拖动平移。" } :
    { zin: "Zoom in", zout: "Zoom out", fit: "Whole diagram", hint: "Zoom with the buttons at the top right, Ctrl+wheel or a double-click (Shift+double-click zooms out); drag to pan once zoomed in." };

  function setup(box) {
    var svg = box.querySelector("svg");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal) { return; }
    var b = svg.viewBox.baseVal;
    var home = { x: b.x, y: b.y, w: b.width, h: b.height };
    if (!(home.w > 0) || !(home.h > 0)) { return; }
    var v = { x: home.x, y: home.y, w: home.w, h: home.h };

    function apply() {
      svg.setAttribute("viewBox", [v.x, v.y, v.w, v.h].map(function (n) { return Math.round(n * 100) / 100; }).join(" "));
      box.classList.toggle("zoomed", v.w < home.w);
    }
    function clamp() {
      v.w = Math.min(home.w, Math.max(home.w / MAX, v.w));
      v.h = v.w * home.h / home.w;
      v.x = Math.min(home.x + home.w - v.w, Math.max(home.x, v.x));
      v.y = Math.min(home.y + home.h - v.h, Math.max(home.y, v.y));
    }
    // point converts a position on the screen into diagram coordinates.
    function point(cx, cy) {
      var r = svg.getBoundingClientRect();
      var s = Math.min(r.width / v.w, r.height / v.h);
      var ox = (r.width - v.w * s) / 2, oy = (r.height - v.h * s) / 2;
      return { x: v.x + (cx - r.left - ox) / s, y: v.y + (cy - r.top - oy) / s, s: s };
    }
    function zoom(f, cx, cy) {
      var r = svg.getBoundingClientRect();
      if (cx === undefined) { cx = r.left + r.width / 2; cy = r.top + r.height / 2; }
      var p = point(cx, cy);
      var w = v.w / f;
      w = Math.min(home.w, Math.max(home.w / MAX, w));
      var k = w / v.w;
      v.x = p.x - (p.x - v.x) * k;
      v.y = p.y - (p.y - v.y) * k;
      v.w = w;
      clamp();
      apply();
    }
    function reset() { v = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }

    var tools = document.createElement("div");
    tools.className = "tools";
    [["+", words.zin, function () { zoom(1.6); }],
     ["\u2212", words.zout, function () { zoom(1 / 1.6); }],
     ["\u2922", words.fit, reset]].forEach(function (t) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = t[0];
      btn.title = t[1];
      btn.setAttribute("aria-label", t[1]);
      btn.addEventListener("click", t[2]);
      tools.appendChild(btn);
    });
    var hint = document.createElement("div");
    hint.className = "hint";
    hint.textContent = words.hint;
    box.appendChild(tools);
    box.parentNode.insertBefore(hint, box.nextSibling);
    box.classList.add("on");

    box.addEventListener("wheel", function (e) {
      if (!(e.ctrlKey || e.metaKey)) { return; }
      e.preventDefault();
      zoom(Math.exp(-e.deltaY * 0.0025), e.clientX, e.clientY);
    }, { passive: false });
    svg.addEventListener("dblclick", function (e) {
      e.preventDefault();
      zoom(e.shiftKey ? 1 / 2 : 2, e.clientX, e.clientY);
    });
    var drag = null;
    svg.addEventListener("pointerdown", function (e) {
      if (e.button !== 0 || v.w >= home.w) { return; }
      drag = { id: e.pointerId, x: e.clientX, y: e.clientY, vx: v.x, vy: v.y, s: point(e.clientX, e.clientY).s };
      svg.setPointerCapture(e.pointerId);
      box.classList.add("drag");
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag || e.pointerId !== drag.id) { return; }
      v.x = drag.vx - (e.clientX - drag.x) / drag.s;
      v.y = drag.vy - (e.clientY - drag.y) / drag.s;
      clamp();
      apply();
    });
    function end(e) {
      if (drag && e.pointerId === drag.id) { drag = null; box.classList.remove("drag"); }
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    window.addEventListener("beforeprint", reset);
  }

  var boxes = document.querySelectorAll(".pz");
  for (var i = 0; i !== boxes.length; i++) { setup(boxes[i]); }
})();
