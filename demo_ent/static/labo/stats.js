/* Laboratoire : le script de mesure d'audience tiers n'est chargé qu'après un clic sur le bouton. */
(function () {
  "use strict";
  var button = document.getElementById("activer-stats");
  button.addEventListener("click", function () {
    var script = document.createElement("script");
    script.src = button.getAttribute("data-src");
    document.head.appendChild(script);
    button.disabled = true;
    button.textContent = "Statistiques activées";
  });
})();
