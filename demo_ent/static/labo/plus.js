/* Laboratoire : « Voir plus » charge la page suivante seulement quand on clique ; défiler n'ajoute rien. */
(function () {
  "use strict";
  var list = document.getElementById("fil");
  var button = document.getElementById("voir-plus");
  var page = Number(button.getAttribute("data-page"));
  var last = Number(button.getAttribute("data-derniere"));

  button.hidden = false;
  button.addEventListener("click", function () {
    page += 1;
    button.disabled = true;
    fetch("/labo/api/fil?page=" + page, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        data.items.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          list.appendChild(item);
        });
        button.disabled = false;
        button.hidden = page >= last;
      });
  });
})();
