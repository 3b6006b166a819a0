// Keyboard navigation of the heatmap: one cell is in the tab order; the arrow keys,
// Home and End move between cells (a roving tabindex), Enter follows the cell's link.
(function () {
  "use strict";
  var table = document.getElementById("heatmap");
  if (!table) { return; }
  var cells = table.querySelectorAll("a.cell[data-r]");
  var grid = {};
  var rows = 0;
  var cols = 0;
  cells.forEach(function (cell) {
    var r = Number(cell.dataset.r);
    var c = Number(cell.dataset.c);
    grid[r + ":" + c] = cell;
    rows = Math.max(rows, r + 1);
    cols = Math.max(cols, c + 1);
  });
  function move(from, r, c) {
    var target = grid[r + ":" + c];
    if (!target) { return; }
    from.setAttribute("tabindex", "-1");
    target.setAttribute("tabindex", "0");
    target.focus();
  }
  table.addEventListener("keydown", function (event) {
    var cell = event.target;
    if (!cell.dataset || cell.dataset.r === undefined) { return; }
    var r = Number(cell.dataset.r);
    var c = Number(cell.dataset.c);
    var moves = {
      ArrowRight: [r, Math.min(cols - 1, c + 1)],
      ArrowLeft: [r, Math.max(0, c - 1)],
      ArrowDown: [Math.min(rows - 1, r + 1), c],
      ArrowUp: [Math.max(0, r - 1), c],
      Home: [r, 0],
      End: [r, cols - 1]
    };
    var to = moves[event.key];
    if (!to) { return; }
    event.preventDefault();
    move(cell, to[0], to[1]);
  });
}());
