/* ENT - portail : scripts de la page d'accueil (non minifié) */
(function () {
  "use strict";

  function greetingForHour(hour) {
    if (hour < 12) { return "Bonne matinée"; }
    if (hour < 18) { return "Bon après-midi"; }
    return "Bonne soirée";
  }

  function addNewsLink() {
    var nav = document.getElementById("main-nav");
    if (!nav || document.getElementById("nav-actualites")) { return; }
    var item = document.createElement("li");
    item.className = "js-added";
    var link = document.createElement("a");
    link.id = "nav-actualites";
    link.href = "/actualites";
    link.textContent = "Nouveautés";
    item.appendChild(link);
    nav.appendChild(item);
  }

  function decorateTiles() {
    var tiles = document.querySelectorAll(".tile");
    for (var i = 0; i < tiles.length; i++) {
      tiles[i].setAttribute("data-index", String(i + 1));
    }
  }

  function showGreeting() {
    var welcome = document.querySelector(".welcome div");
    if (!welcome) { return; }
    var hint = document.createElement("p");
    hint.className = "greeting-hint";
    hint.textContent = greetingForHour(new Date().getHours()) + " !";
    welcome.appendChild(hint);
  }

  window.addEventListener("load", function () {
    addNewsLink();
    decorateTiles();
    showGreeting();
  });
})();
